import type { ReadModelConsumer, SqliteReadStore } from '@ledger/projections';
import { RecordingLog, sqliteReadModel } from '@ledger/projections/testing/read-model-fixture';
import type { DealOutcome } from '../deals/domain/deal.events';
import { eventsOn } from '../testing/recorded-events';
import { managerWorkloadsProjection } from './manager-workloads.projection';

const occurredAt = '2024-05-01T09:00:00.000Z';

/** Positions and revisions are handed out in the order the test builds its events. */
const log = new RecordingLog();
const recorded = log.record.bind(log);
const events = eventsOn(log, occurredAt);
const { accountOpened: opened, account, manager } = events;

const onboarded = (managerId: string, reportsTo: string | null = null, capacity: number | null = 5) =>
  events.managerOnboarded(managerId, { reportsTo, capacity });
const dealOpened = (dealId: string, managerId: string) => events.dealOpened(dealId, { accountId: 'a-1', managerId });
const dealClosed = (dealId: string, managerId: string, outcome: DealOutcome, amountMinor: number, closedAt: string) =>
  events.dealClosed(dealId, { accountId: 'a-1', managerId, outcome, amountMinor, closedAt });

describe('managerWorkloadsProjection', () => {
  let store: SqliteReadStore;
  let consumer: ReadModelConsumer;
  let close: () => void;

  beforeEach(async () => {
    log.reset();
    ({ store, consumer, close } = await sqliteReadModel(managerWorkloadsProjection));
  });
  afterEach(() => close());

  const rows = (table: string, where = '') =>
    store.query(`SELECT * FROM "${store.tableName(managerWorkloadsProjection.name, table, 1)}" ${where} ORDER BY 1`);
  const managerRow = async (managerId: string) => (await rows('managers', `WHERE manager_id = '${managerId}'`))[0];
  const accountRow = async (accountId: string) => (await rows('accounts', `WHERE account_id = '${accountId}'`))[0];
  const dealRow = async (dealId: string) => (await rows('deals', `WHERE deal_id = '${dealId}'`))[0];

  it('an onboarded manager is active with role, territory, reporting line and capacity', async () => {
    await consumer.process([onboarded('m-1', 'm-0', 12)]);
    expect(await managerRow('m-1')).toEqual({
      manager_id: 'm-1',
      name: 'Manager m-1',
      role: 'account_manager',
      territory: 'North',
      reports_to: 'm-0',
      capacity: 12,
      status: 'active',
    });
  });

  it('a role change replaces the role', async () => {
    await consumer.process([onboarded('m-1'), manager('m-1', 'ManagerRoleChanged', { role: 'sales_manager', previousRole: 'account_manager' })]);
    expect(await managerRow('m-1')).toMatchObject({ role: 'sales_manager', territory: 'North' });
  });

  it('a reporting line change replaces the manager reported to', async () => {
    await consumer.process([onboarded('m-1', 'm-0'), manager('m-1', 'ManagerReportingLineChanged', { reportsTo: 'm-9', previousReportsTo: 'm-0' })]);
    expect(await managerRow('m-1')).toMatchObject({ reports_to: 'm-9' });
  });

  it('a reporting line change to nobody clears the manager reported to', async () => {
    await consumer.process([onboarded('m-1', 'm-0'), manager('m-1', 'ManagerReportingLineChanged', { reportsTo: null, previousReportsTo: 'm-0' })]);
    expect(await managerRow('m-1')).toMatchObject({ reports_to: null });
  });

  it('a capacity change replaces the capacity', async () => {
    await consumer.process([onboarded('m-1', null, 5), manager('m-1', 'ManagerCapacityChanged', { capacity: 8, previousCapacity: 5 })]);
    expect(await managerRow('m-1')).toMatchObject({ capacity: 8 });
  });

  it('a capacity change to none clears the capacity', async () => {
    await consumer.process([onboarded('m-1', null, 5), manager('m-1', 'ManagerCapacityChanged', { capacity: null, previousCapacity: 5 })]);
    expect(await managerRow('m-1')).toMatchObject({ capacity: null });
  });

  it('an offboarded manager is marked offboarded and keeps the rest', async () => {
    await consumer.process([onboarded('m-1', 'm-0', 5), manager('m-1', 'ManagerOffboarded', { reason: 'left', successorId: 'm-2' })]);
    expect(await managerRow('m-1')).toMatchObject({ status: 'offboarded', reports_to: 'm-0', capacity: 5 });
  });

  it('a change to a manager never onboarded writes no manager', async () => {
    await consumer.process([manager('m-1', 'ManagerRoleChanged', { role: 'sales_manager', previousRole: 'account_manager' })]);
    expect(await rows('managers')).toEqual([]);
  });

  it('an opened account is open, unassigned and not key', async () => {
    await consumer.process([opened('a-1')]);
    expect(await accountRow('a-1')).toEqual({ account_id: 'a-1', manager_id: null, is_key: 0, status: 'open' });
  });

  it('an assigned account is held by its manager', async () => {
    await consumer.process([opened('a-1'), account('a-1', 'AccountAssigned', { managerId: 'm-1' })]);
    expect(await accountRow('a-1')).toMatchObject({ manager_id: 'm-1', status: 'open' });
  });

  it('a reassigned account is held by the new manager', async () => {
    await consumer.process([
      opened('a-1'),
      account('a-1', 'AccountAssigned', { managerId: 'm-1' }),
      account('a-1', 'ManagerReassigned', { fromManagerId: 'm-1', toManagerId: 'm-2', reason: 'territory' }),
    ]);
    expect(await accountRow('a-1')).toMatchObject({ manager_id: 'm-2' });
  });

  it('a key designation marks the account key', async () => {
    await consumer.process([opened('a-1'), account('a-1', 'AccountDesignatedKey', { reason: null })]);
    expect(await accountRow('a-1')).toMatchObject({ is_key: 1 });
  });

  it('a revoked designation marks the account not key', async () => {
    await consumer.process([
      opened('a-1'),
      account('a-1', 'AccountDesignatedKey', { reason: null }),
      account('a-1', 'KeyAccountDesignationRevoked', { reason: 'downsized' }),
    ]);
    expect(await accountRow('a-1')).toMatchObject({ is_key: 0 });
  });

  it('a closed account is closed and keeps its last manager for the record', async () => {
    await consumer.process([opened('a-1'), account('a-1', 'AccountAssigned', { managerId: 'm-1' }), account('a-1', 'AccountClosed', { reason: 'merged' })]);
    expect(await accountRow('a-1')).toMatchObject({ status: 'closed', manager_id: 'm-1' });
  });

  it('an assignment of an account whose opening is missing still records an open held account', async () => {
    await consumer.process([account('a-1', 'AccountAssigned', { managerId: 'm-1' })]);
    expect(await accountRow('a-1')).toEqual({ account_id: 'a-1', manager_id: 'm-1', is_key: 0, status: 'open' });
  });

  it('an opened deal is open and credited to its manager', async () => {
    await consumer.process([dealOpened('d-1', 'm-1')]);
    expect(await dealRow('d-1')).toEqual({ deal_id: 'd-1', manager_id: 'm-1', status: 'open', amount_minor: null, currency: 'USD', closed_at: null });
  });

  it('a deal closed won records the amount and the close as a UTC timestamp', async () => {
    await consumer.process([dealOpened('d-1', 'm-1'), dealClosed('d-1', 'm-1', 'won', 105400, '2024-03-01T10:00:00+02:00')]);
    expect(await dealRow('d-1')).toMatchObject({ status: 'won', amount_minor: 105400, closed_at: '2024-03-01T08:00:00.000Z' });
  });

  it('a deal closed lost is lost', async () => {
    await consumer.process([dealOpened('d-1', 'm-1'), dealClosed('d-1', 'm-1', 'lost', 0, '2024-03-01T08:00:00.000Z')]);
    expect(await dealRow('d-1')).toMatchObject({ status: 'lost', amount_minor: 0 });
  });

  it('a close with an unreadable time fails the batch and writes nothing', async () => {
    await expect(consumer.process([dealOpened('d-1', 'm-1'), dealClosed('d-1', 'm-1', 'won', 100, 'yesterday')])).rejects.toThrow('yesterday');
    expect(await rows('deals')).toEqual([]);
  });

  it('events of other kinds need no rows and change nothing', async () => {
    const other = recorded('audit-1', 'AuditNoteAdded', { note: 'hello' });
    expect(managerWorkloadsProjection.rowsNeeded(other)).toEqual([]);
    await consumer.process([other]);
    expect([await rows('managers'), await rows('accounts'), await rows('deals')]).toEqual([[], [], []]);
  });

  it('the same events in several batches build the same rows as in one batch', async () => {
    const events = [
      onboarded('m-1'),
      onboarded('m-2', 'm-1', 3),
      opened('a-1'),
      account('a-1', 'AccountAssigned', { managerId: 'm-1' }),
      account('a-1', 'AccountDesignatedKey', { reason: null }),
      manager('m-2', 'ManagerCapacityChanged', { capacity: 4, previousCapacity: 3 }),
      account('a-1', 'ManagerReassigned', { fromManagerId: 'm-1', toManagerId: 'm-2', reason: 'territory' }),
      dealOpened('d-1', 'm-2'),
      account('a-1', 'KeyAccountDesignationRevoked', { reason: null }),
      dealClosed('d-1', 'm-2', 'won', 2500, '2024-04-02T00:00:00.000Z'),
      manager('m-1', 'ManagerOffboarded', { reason: 'left', successorId: 'm-2' }),
    ];
    await consumer.process(events);
    const inOneBatch = [await rows('managers'), await rows('accounts'), await rows('deals')];

    const { store: other, consumer: batched, close: closeOther } = await sqliteReadModel(managerWorkloadsProjection);
    for (const batch of [events.slice(0, 1), events.slice(1, 4), events.slice(4, 5), events.slice(5, 9), events.slice(9)]) await batched.process(batch);
    const table = (name: string) => other.query(`SELECT * FROM "${other.tableName(managerWorkloadsProjection.name, name, 1)}" ORDER BY 1`);
    const inSeveralBatches = [await table('managers'), await table('accounts'), await table('deals')];
    closeOther();
    expect(inSeveralBatches).toEqual(inOneBatch);
  });

  it('the tables index accounts and deals by manager', () => {
    const indexes = managerWorkloadsProjection.tables.map((table) => [table.name, table.indexes ?? []]);
    expect(indexes).toEqual([
      ['managers', []],
      ['accounts', [['manager_id', 'status']]],
      ['deals', [['manager_id', 'status']]],
    ]);
  });
});
