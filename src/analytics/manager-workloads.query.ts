import { invalid } from '@ledger/decider';
import type { Cell, ReadStore } from '@ledger/projections';
import { formatAmount } from '../deals/domain/money';
import { MANAGER_WORKLOADS_TABLES, managerWorkloadsProjection } from './manager-workloads.projection';

export interface ManagerWorkloadsParams {
  /** Won deals closed at or after this instant; a date means its first moment (UTC). */
  readonly from?: string;
  /** Won deals closed at or before this instant; a date means the whole day (UTC). */
  readonly to?: string;
  readonly territory?: string;
  /** The reporting currency: won values are in it, as decimal strings. */
  readonly currency: string;
}

/** Figures shared by a manager, a team and a territory. */
export interface WorkloadFigures {
  readonly capacity: number | null;
  readonly accounts: number;
  readonly keyAccounts: number;
  readonly openDeals: number;
  readonly wonDeals: number;
  readonly wonValue: string;
  /** accounts / capacity; null without a capacity, or with capacity 0 and accounts held. */
  readonly utilisation: number | null;
  readonly overCapacity: boolean;
}

export interface ManagerWorkload extends WorkloadFigures {
  readonly managerId: string;
  readonly name: string;
  readonly role: string;
  readonly territory: string;
  readonly reportsTo: string | null;
  readonly status: 'active' | 'offboarded';
}

/** A lead and everyone below them along `reportsTo`, lead included. */
export interface TeamWorkload extends WorkloadFigures {
  readonly leadId: string;
  readonly leadName: string;
  readonly members: number;
}

export interface TerritoryWorkload extends WorkloadFigures {
  readonly territory: string;
  readonly managers: number;
}

export interface ManagerWorkloads {
  readonly currency: string;
  readonly managers: ManagerWorkload[];
  readonly teams: TeamWorkload[];
  readonly territories: TerritoryWorkload[];
}

type ManagerRow = { manager_id: string; name: string; role: string; territory: string; reports_to: string | null; capacity: number | null; status: 'active' | 'offboarded' };
type Tally = { capacity: number | null; accounts: number; keyAccounts: number; openDeals: number; wonDeals: number; wonMinor: number };
type Listed = { row: ManagerRow; tally: Tally };

/**
 * Per manager: what they hold now and what they won in the range; then the same figures rolled
 * up per team and per territory. SQL only counts and sums per manager (portable to PostgreSQL);
 * the roll-ups are done here. Offboarded managers are listed only while they still hold
 * something or won in the range, so team and territory totals stay complete; their capacity
 * does not count in roll-ups (they take no new work).
 */
export async function queryManagerWorkloads(store: ReadStore, generation: number, params: ManagerWorkloadsParams): Promise<ManagerWorkloads> {
  const rows = await readManagers(store, generation);
  const tallies = await readTallies(store, generation, params);
  const listed = new Map<string, Listed>();
  for (const row of rows) {
    const tally = { ...(tallies.get(row.manager_id) ?? emptyTally()), capacity: row.capacity };
    if (params.territory !== undefined && row.territory !== params.territory) continue;
    if (row.status === 'offboarded' && !holdsAnything(tally)) continue;
    listed.set(row.manager_id, { row, tally });
  }
  const figures = (tally: Tally) => toFigures(tally, params.currency);
  return {
    currency: params.currency,
    managers: [...listed.values()].map(({ row, tally }) => ({ ...managerFields(row), ...figures(tally) })),
    teams: teams(rows, listed).map(({ lead, tally, members }) => ({ leadId: lead.manager_id, leadName: lead.name, members, ...figures(tally) })),
    territories: territories(listed).map(({ territory, tally, members }) => ({ territory, managers: members, ...figures(tally) })),
  };
}

/** The managers as flat records, one per line of a CSV export, columns in a fixed order. */
export function managerWorkloadsCsvRows(result: ManagerWorkloads): Array<Record<string, string | number | boolean | null>> {
  return result.managers.map((manager) => ({
    managerId: manager.managerId,
    name: manager.name,
    role: manager.role,
    territory: manager.territory,
    reportsTo: manager.reportsTo,
    status: manager.status,
    capacity: manager.capacity,
    accounts: manager.accounts,
    keyAccounts: manager.keyAccounts,
    openDeals: manager.openDeals,
    wonDeals: manager.wonDeals,
    wonValue: manager.wonValue,
    currency: result.currency,
    utilisation: manager.utilisation,
    overCapacity: manager.overCapacity,
  }));
}

const table = (store: ReadStore, name: string, generation: number) =>
  `"${store.tableName(managerWorkloadsProjection.name, name, generation)}"`;

// Every manager, whatever the filter: a reporting line may run through another territory.
async function readManagers(store: ReadStore, generation: number): Promise<ManagerRow[]> {
  const sql = `SELECT manager_id, name, role, territory, reports_to, capacity, status
    FROM ${table(store, MANAGER_WORKLOADS_TABLES.managers, generation)}`;
  const rows = await store.query(sql);
  const managers = rows.map((row) => ({ ...row, capacity: row.capacity === null ? null : Number(row.capacity) }) as ManagerRow);
  // Code-unit order, not the database's collation: the same order on SQLite and PostgreSQL.
  return managers.sort((a, b) => (a.manager_id < b.manager_id ? -1 : a.manager_id > b.manager_id ? 1 : 0));
}

async function readTallies(store: ReadStore, generation: number, params: ManagerWorkloadsParams): Promise<Map<string, Tally>> {
  const tallies = new Map<string, Tally>();
  const tallyOf = (managerId: Cell) => {
    const key = String(managerId);
    if (!tallies.has(key)) tallies.set(key, emptyTally());
    return tallies.get(key)!;
  };
  const held = await store.query(`SELECT manager_id, COUNT(*) AS accounts, SUM(CASE WHEN is_key = 1 THEN 1 ELSE 0 END) AS key_accounts
    FROM ${table(store, MANAGER_WORKLOADS_TABLES.accounts, generation)}
    WHERE status = 'open' AND manager_id IS NOT NULL GROUP BY manager_id`);
  for (const row of held) Object.assign(tallyOf(row.manager_id), { accounts: Number(row.accounts), keyAccounts: Number(row.key_accounts) });
  const won = wonCondition(params);
  // Counts in any currency, value in the reporting one only: deals in another currency are
  // refused today, and adding their minor units would mix units if that ever changes.
  const dealFigures = await store.query(
    `SELECT manager_id, SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END) AS open_deals,
      SUM(CASE WHEN ${won.sql} THEN 1 ELSE 0 END) AS won_deals,
      SUM(CASE WHEN ${won.sql} AND currency = ? THEN amount_minor ELSE 0 END) AS won_minor
    FROM ${table(store, MANAGER_WORKLOADS_TABLES.deals, generation)} GROUP BY manager_id`,
    [...won.params, ...won.params, params.currency],
  );
  for (const row of dealFigures) {
    Object.assign(tallyOf(row.manager_id), { openDeals: Number(row.open_deals), wonDeals: Number(row.won_deals), wonMinor: Number(row.won_minor ?? 0) });
  }
  return tallies;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

function wonCondition({ from, to }: ManagerWorkloadsParams): { sql: string; params: Cell[] } {
  const conditions = ["status = 'won'"];
  const params: Cell[] = [];
  if (from !== undefined) {
    conditions.push('closed_at >= ?');
    params.push(new Date(instant(from, 'from')).toISOString());
  }
  if (to !== undefined && DATE_ONLY.test(to)) {
    conditions.push('closed_at < ?');
    params.push(new Date(instant(to, 'to') + DAY_MS).toISOString());
  } else if (to !== undefined) {
    conditions.push('closed_at <= ?');
    params.push(new Date(instant(to, 'to')).toISOString());
  }
  return { sql: conditions.join(' AND '), params };
}

function instant(time: string, field: string): number {
  const at = Date.parse(time);
  if (Number.isNaN(at)) throw invalid(`${field}-invalid`, `${field} must be an ISO 8601 date or timestamp.`, field);
  return at;
}

/** Each listed manager with listed managers below them, and the roll-up of that subtree. */
function teams(all: readonly ManagerRow[], listed: ReadonlyMap<string, Listed>): Array<{ lead: ManagerRow; tally: Tally; members: number }> {
  const reports = new Map<string, string[]>();
  for (const row of all) if (row.reports_to !== null) reports.set(row.reports_to, [...(reports.get(row.reports_to) ?? []), row.manager_id]);
  const result = [];
  for (const lead of listed.values()) {
    const below = subtree(lead.row.manager_id, reports).flatMap((id) => listed.get(id) ?? []);
    if (below.length === 0) continue;
    result.push({ lead: lead.row, tally: rollUp([lead, ...below]), members: below.length + 1 });
  }
  return result;
}

/** Everyone below a lead, transitively; each once, so a cycle in the reporting lines ends. */
function subtree(leadId: string, reports: ReadonlyMap<string, readonly string[]>): string[] {
  const seen = new Set([leadId]);
  const stack = [...(reports.get(leadId) ?? [])];
  const found: string[] = [];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    found.push(id);
    stack.push(...(reports.get(id) ?? []));
  }
  return found;
}

function territories(listed: ReadonlyMap<string, Listed>): Array<{ territory: string; tally: Tally; members: number }> {
  const byTerritory = new Map<string, Listed[]>();
  for (const manager of listed.values()) byTerritory.set(manager.row.territory, [...(byTerritory.get(manager.row.territory) ?? []), manager]);
  return [...byTerritory.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((territory) => ({ territory, tally: rollUp(byTerritory.get(territory)!), members: byTerritory.get(territory)!.length }));
}

function rollUp(members: readonly Listed[]): Tally {
  const total = emptyTally();
  for (const { row, tally } of members) {
    total.accounts += tally.accounts;
    total.keyAccounts += tally.keyAccounts;
    total.openDeals += tally.openDeals;
    total.wonDeals += tally.wonDeals;
    total.wonMinor += tally.wonMinor;
    if (row.status === 'active' && tally.capacity !== null) total.capacity = (total.capacity ?? 0) + tally.capacity;
  }
  return total;
}

function toFigures(tally: Tally, currency: string): WorkloadFigures {
  const { capacity, accounts, keyAccounts, openDeals, wonDeals, wonMinor } = tally;
  const overCapacity = capacity !== null && accounts > capacity;
  return { capacity, accounts, keyAccounts, openDeals, wonDeals, wonValue: formatAmount(wonMinor, currency), utilisation: utilisation(tally), overCapacity };
}

// Capacity 0: nothing held is 0 % used; anything held has no finite ratio (overCapacity says it).
function utilisation({ accounts, capacity }: Tally): number | null {
  if (capacity === null) return null;
  if (capacity === 0) return accounts === 0 ? 0 : null;
  return accounts / capacity;
}

const emptyTally = (): Tally => ({ capacity: null, accounts: 0, keyAccounts: 0, openDeals: 0, wonDeals: 0, wonMinor: 0 });
const holdsAnything = (tally: Tally) => tally.accounts > 0 || tally.openDeals > 0 || tally.wonDeals > 0;

function managerFields(row: ManagerRow): Omit<ManagerWorkload, keyof WorkloadFigures> {
  return { managerId: row.manager_id, name: row.name, role: row.role, territory: row.territory, reportsTo: row.reports_to, status: row.status };
}
