import { Cell, ReadStore } from '@ledger/projections';
import { accountDirectoryProjection } from './account-directory.projection';

const NAME = accountDirectoryProjection.name;

export interface AccountItem {
  accountId: string;
  name: string;
  sector: string | null;
  region: string | null;
  country: string | null;
  parentAccountId: string | null;
  tier: 'key' | 'standard';
  managerId: string | null;
  status: 'open' | 'closed';
  revision: number;
}

export interface ManagerItem {
  managerId: string;
  name: string;
  role: string;
  territory: string;
  reportsTo: string | null;
  capacity: number | null;
  status: 'active' | 'offboarded';
}

export interface Page<T> {
  items: T[];
  /** Cursor of the following page; absent on the last one. */
  next?: string;
}

export interface AccountFilter {
  tier?: string;
  managerId?: string;
  region?: string;
  sector?: string;
}

/** Cursors are the last id of a page, opaque to callers. */
export const encodeCursor = (lastId: string) => Buffer.from(lastId, 'utf8').toString('base64url');
export const decodeCursor = (cursor: string) => Buffer.from(cursor, 'base64url').toString('utf8');

export async function listAccounts(store: ReadStore, generation: number, filter: AccountFilter, limit: number, after?: string): Promise<Page<AccountItem>> {
  const where: string[] = [];
  const params: Cell[] = [];
  const conditions: Array<[keyof AccountFilter, string]> = [['tier', 'tier'], ['managerId', 'manager_id'], ['region', 'region'], ['sector', 'sector']];
  for (const [field, column] of conditions) {
    if (filter[field] !== undefined) {
      where.push(`${column} = ?`);
      params.push(filter[field]);
    }
  }
  if (after !== undefined) {
    where.push('account_id > ?');
    params.push(after);
  }
  const table = store.tableName(NAME, 'accounts', generation);
  const rows = await store.query(
    `SELECT * FROM "${table}" ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY account_id LIMIT ?`,
    [...params, limit + 1],
  );
  return page(rows.map(toAccount), limit, (item) => item.accountId);
}

export async function findAccount(store: ReadStore, generation: number, accountId: string): Promise<AccountItem | undefined> {
  const [row] = await store.query(`SELECT * FROM "${store.tableName(NAME, 'accounts', generation)}" WHERE account_id = ?`, [accountId]);
  return row ? toAccount(row) : undefined;
}

export async function listManagers(store: ReadStore, generation: number, limit: number, after?: string): Promise<Page<ManagerItem>> {
  const table = store.tableName(NAME, 'managers', generation);
  const rows = after === undefined
    ? await store.query(`SELECT * FROM "${table}" ORDER BY manager_id LIMIT ?`, [limit + 1])
    : await store.query(`SELECT * FROM "${table}" WHERE manager_id > ? ORDER BY manager_id LIMIT ?`, [after, limit + 1]);
  return page(rows.map(toManager), limit, (item) => item.managerId);
}

export async function findManager(store: ReadStore, generation: number, managerId: string): Promise<ManagerItem | undefined> {
  const [row] = await store.query(`SELECT * FROM "${store.tableName(NAME, 'managers', generation)}" WHERE manager_id = ?`, [managerId]);
  return row ? toManager(row) : undefined;
}

/** The open accounts a manager holds now, by id. */
export async function portfolioOf(store: ReadStore, generation: number, managerId: string): Promise<AccountItem[]> {
  const table = store.tableName(NAME, 'accounts', generation);
  const rows = await store.query(`SELECT * FROM "${table}" WHERE manager_id = ? AND status = 'open' ORDER BY account_id`, [managerId]);
  return rows.map(toAccount);
}

function page<T>(items: T[], limit: number, idOf: (item: T) => string): Page<T> {
  if (items.length <= limit) return { items };
  const shown = items.slice(0, limit);
  return { items: shown, next: encodeCursor(idOf(shown[shown.length - 1])) };
}

function toAccount(row: Record<string, Cell>): AccountItem {
  return {
    accountId: String(row.account_id),
    name: String(row.name),
    sector: row.sector as string | null,
    region: row.region as string | null,
    country: row.country as string | null,
    parentAccountId: row.parent_account_id as string | null,
    tier: row.tier as AccountItem['tier'],
    managerId: row.manager_id as string | null,
    status: row.status as AccountItem['status'],
    revision: Number(row.revision),
  };
}

function toManager(row: Record<string, Cell>): ManagerItem {
  return {
    managerId: String(row.manager_id),
    name: String(row.name),
    role: String(row.role),
    territory: String(row.territory),
    reportsTo: row.reports_to as string | null,
    capacity: row.capacity === null ? null : Number(row.capacity),
    status: row.status as ManagerItem['status'],
  };
}
