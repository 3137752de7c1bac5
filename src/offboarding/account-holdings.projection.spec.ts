import Database from 'better-sqlite3';
import type { JsonObject, RecordedEvent } from '@ledger/event-store';
import { accountHoldingsProjection, accountsHeldBy } from './account-holdings.projection';

const recordedAt = new Date('2024-05-01T09:00:00.000Z');
const occurredAt = '2024-05-01T09:00:00.000Z';

/** Positions and revisions are handed out in the order the test records its events. */
let position = 0n;
const revisions = new Map<string, number>();

function recorded(stream: string, type: string, data: JsonObject): RecordedEvent {
  position += 1n;
  const revision = revisions.get(stream) ?? 0;
  revisions.set(stream, revision + 1);
  const id = `00000000-0000-4000-8000-${position.toString(16).padStart(12, '0')}`;
  return { id, type, data, metadata: {}, stream, revision, position, recordedAt };
}

const opened = (accountId: string): RecordedEvent =>
  recorded(`account-${accountId}`, 'AccountOpened', {
    accountId,
    name: `Account ${accountId}`,
    sector: null,
    region: null,
    country: null,
    parentAccountId: null,
    annualRevenueMinor: null,
    currency: null,
    employees: null,
    occurredAt,
  });
const assigned = (accountId: string, managerId: string): RecordedEvent =>
  recorded(`account-${accountId}`, 'AccountAssigned', { accountId, managerId, occurredAt });
const reassigned = (accountId: string, fromManagerId: string, toManagerId: string): RecordedEvent =>
  recorded(`account-${accountId}`, 'ManagerReassigned', { accountId, fromManagerId, toManagerId, reason: 'territory', occurredAt });
const closed = (accountId: string): RecordedEvent =>
  recorded(`account-${accountId}`, 'AccountClosed', { accountId, reason: 'merged', occurredAt });
const designatedKey = (accountId: string): RecordedEvent =>
  recorded(`account-${accountId}`, 'AccountDesignatedKey', { accountId, reason: null, occurredAt });
const managerOnboarded = (managerId: string): RecordedEvent =>
  recorded(`manager-${managerId}`, 'ManagerOnboarded', {
    managerId,
    name: `Manager ${managerId}`,
    role: 'account_manager',
    territory: 'Central',
    reportsTo: null,
    capacity: null,
    email: null,
    occurredAt,
  });

describe('accountHoldingsProjection', () => {
  let db: Database.Database;

  beforeEach(() => {
    position = 0n;
    revisions.clear();
    db = new Database(':memory:');
    accountHoldingsProjection.setUp(db);
  });
  afterEach(() => db.close());

  const apply = (...events: RecordedEvent[]): void => events.forEach((event) => accountHoldingsProjection.apply(db, event));
  /** The manager holding an open account, or null when nobody does. */
  const holderOf = (accountId: string): string | null => {
    const row = db
      .prepare("SELECT manager_id FROM account_holdings WHERE account_id = ? AND status = 'open'")
      .get(accountId) as { manager_id: string | null } | undefined;
    return row?.manager_id ?? null;
  };
  const allHoldings = (): unknown[] => db.prepare('SELECT * FROM account_holdings ORDER BY account_id').all();

  it('an opened account is held by nobody', () => {
    apply(opened('a-1'));
    expect(holderOf('a-1')).toBeNull();
  });

  it('an assigned account is held by its manager', () => {
    apply(opened('a-1'), assigned('a-1', 'm-1'));
    expect(accountsHeldBy(db, 'm-1')).toEqual(['a-1']);
  });

  it('a reassigned account is held by the new manager', () => {
    apply(opened('a-1'), assigned('a-1', 'm-1'), reassigned('a-1', 'm-1', 'm-2'));
    expect(accountsHeldBy(db, 'm-2')).toEqual(['a-1']);
  });

  it('a reassigned account is no longer held by the previous manager', () => {
    apply(opened('a-1'), assigned('a-1', 'm-1'), reassigned('a-1', 'm-1', 'm-2'));
    expect(accountsHeldBy(db, 'm-1')).toEqual([]);
  });

  it('a closed account is held by nobody', () => {
    apply(opened('a-1'), assigned('a-1', 'm-1'), closed('a-1'));
    expect(holderOf('a-1')).toBeNull();
  });

  it('a closed account is no longer among its last manager’s accounts', () => {
    apply(opened('a-1'), assigned('a-1', 'm-1'), closed('a-1'));
    expect(accountsHeldBy(db, 'm-1')).toEqual([]);
  });

  it.each([
    ['AccountDesignatedKey', () => designatedKey('a-1')],
    ['ManagerOnboarded', () => managerOnboarded('m-2')],
  ])('%s changes no holding', (_type, event) => {
    apply(opened('a-1'), assigned('a-1', 'm-1'));
    const before = allHoldings();
    apply(event());
    expect(allHoldings()).toEqual(before);
  });

  it('lists a manager’s accounts sorted by id', () => {
    apply(opened('a-3'), opened('a-1'), opened('a-2'), assigned('a-3', 'm-1'), assigned('a-1', 'm-1'), assigned('a-2', 'm-1'));
    expect(accountsHeldBy(db, 'm-1')).toEqual(['a-1', 'a-2', 'a-3']);
  });
});
