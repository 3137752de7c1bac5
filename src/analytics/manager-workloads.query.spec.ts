import type { RecordedEvent } from '@ledger/event-store';
import type { ReadModelConsumer, SqliteReadStore } from '@ledger/projections';
import { RecordingLog, sqliteReadModel } from '@ledger/projections/testing/read-model-fixture';
import type { DealOutcome } from '../deals/domain/deal.events';
import type { ManagerRole } from '../managers/domain/manager.events';
import { eventsOn } from '../testing/recorded-events';
import { managerWorkloadsProjection } from './manager-workloads.projection';
import { type ManagerWorkloadsParams, managerWorkloadsCsvRows, queryManagerWorkloads } from './manager-workloads.query';

const occurredAt = '2024-01-02T09:00:00.000Z';

const log = new RecordingLog();
const events = eventsOn(log, occurredAt);
const { manager: managerEvent, account: accountEvent } = events;

type Onboarding = { name: string; role: ManagerRole; territory: string; reportsTo: string | null; capacity: number | null };
const onboarded = (managerId: string, manager: Onboarding) => events.managerOnboarded(managerId, manager);
/** An opened account assigned to a manager, designated key when asked. */
const heldAccount = (accountId: string, managerId: string, key = false) => [
  events.accountOpened(accountId),
  accountEvent(accountId, 'AccountAssigned', { managerId }),
  ...(key ? [accountEvent(accountId, 'AccountDesignatedKey', { reason: null })] : []),
];
const dealOpened = (dealId: string, managerId: string) => events.dealOpened(dealId, { accountId: 'a-1', managerId });
const dealClosed = (dealId: string, managerId: string, outcome: DealOutcome, amountMinor: number, closedAt: string) => [
  dealOpened(dealId, managerId),
  events.dealClosed(dealId, { accountId: 'a-1', managerId, outcome, amountMinor, closedAt }),
];

/**
 * Ada leads Ben, who leads Cy and Dee (three levels); Eve stands alone.
 *   m-1 Ada  North  capacity 10  holds a-6 (closed)            won d-7 99.99 on 2023-12-31
 *   m-2 Ben  North  capacity 4   holds a-4 (key)               open d-6, lost d-5
 *   m-3 Cy   North  capacity 2   holds a-1 (key), a-2, a-3     open d-1, won d-2 1000.00 on 2024-03-31, d-3 250.50 on 2024-04-01
 *   m-4 Dee  South  no capacity  holds a-5                     won d-4 500.00 on 2024-02-15
 *   m-5 Eve  South  capacity 0   holds nothing
 */
function organisation(): RecordedEvent[] {
  return [
    onboarded('m-3', { name: 'Cy', role: 'account_manager', territory: 'North', reportsTo: 'm-2', capacity: 2 }),
    onboarded('m-1', { name: 'Ada', role: 'account_director', territory: 'North', reportsTo: null, capacity: 10 }),
    onboarded('m-2', { name: 'Ben', role: 'sales_manager', territory: 'North', reportsTo: 'm-1', capacity: 4 }),
    onboarded('m-4', { name: 'Dee', role: 'account_manager', territory: 'South', reportsTo: 'm-2', capacity: null }),
    onboarded('m-5', { name: 'Eve', role: 'key_account_manager', territory: 'South', reportsTo: null, capacity: 0 }),
    ...heldAccount('a-1', 'm-3', true),
    ...heldAccount('a-2', 'm-3'),
    ...heldAccount('a-3', 'm-3'),
    ...heldAccount('a-4', 'm-2', true),
    ...heldAccount('a-5', 'm-4'),
    ...heldAccount('a-6', 'm-1'),
    accountEvent('a-6', 'AccountClosed', { reason: 'merged' }),
    dealOpened('d-1', 'm-3'),
    ...dealClosed('d-2', 'm-3', 'won', 100000, '2024-03-31T23:59:59.999Z'),
    ...dealClosed('d-3', 'm-3', 'won', 25050, '2024-04-01T00:00:00.000Z'),
    ...dealClosed('d-4', 'm-4', 'won', 50000, '2024-02-15T12:00:00.000Z'),
    ...dealClosed('d-5', 'm-2', 'lost', 0, '2024-03-10T00:00:00.000Z'),
    dealOpened('d-6', 'm-2'),
    ...dealClosed('d-7', 'm-1', 'won', 9999, '2023-12-31T23:59:59.999Z'),
  ];
}

const firstQuarter = { from: '2024-01-01', to: '2024-03-31', currency: 'USD' };

describe('queryManagerWorkloads', () => {
  let store: SqliteReadStore;
  let consumer: ReadModelConsumer;
  let close: () => void;

  beforeEach(async () => {
    log.reset();
    ({ store, consumer, close } = await sqliteReadModel(managerWorkloadsProjection));
  });
  afterEach(() => close());

  const query = (params: ManagerWorkloadsParams) => queryManagerWorkloads(store, 1, params);
  const managerOf = async (managerId: string, params: ManagerWorkloadsParams = firstQuarter) =>
    (await query(params)).managers.find((manager) => manager.managerId === managerId);

  describe('per manager', () => {
    beforeEach(() => consumer.process(organisation()));

    it('lists each manager by id with reporting line, figures of the range, utilisation and over-capacity flag', async () => {
      expect((await query(firstQuarter)).managers).toEqual([
        { managerId: 'm-1', name: 'Ada', role: 'account_director', territory: 'North', reportsTo: null, status: 'active', capacity: 10, accounts: 0, keyAccounts: 0, openDeals: 0, wonDeals: 0, wonValue: '0.00', utilisation: 0, overCapacity: false },
        { managerId: 'm-2', name: 'Ben', role: 'sales_manager', territory: 'North', reportsTo: 'm-1', status: 'active', capacity: 4, accounts: 1, keyAccounts: 1, openDeals: 1, wonDeals: 0, wonValue: '0.00', utilisation: 0.25, overCapacity: false },
        { managerId: 'm-3', name: 'Cy', role: 'account_manager', territory: 'North', reportsTo: 'm-2', status: 'active', capacity: 2, accounts: 3, keyAccounts: 1, openDeals: 1, wonDeals: 1, wonValue: '1000.00', utilisation: 1.5, overCapacity: true },
        { managerId: 'm-4', name: 'Dee', role: 'account_manager', territory: 'South', reportsTo: 'm-2', status: 'active', capacity: null, accounts: 1, keyAccounts: 0, openDeals: 0, wonDeals: 1, wonValue: '500.00', utilisation: null, overCapacity: false },
        { managerId: 'm-5', name: 'Eve', role: 'key_account_manager', territory: 'South', reportsTo: null, status: 'active', capacity: 0, accounts: 0, keyAccounts: 0, openDeals: 0, wonDeals: 0, wonValue: '0.00', utilisation: 0, overCapacity: false },
      ]);
    });

    it('a date-only `to` includes the whole day', async () => {
      expect(await managerOf('m-3', { to: '2024-03-31', currency: 'USD' })).toMatchObject({ wonDeals: 1, wonValue: '1000.00' });
    });

    it('a timestamp `to` includes deals closed at that instant and none after', async () => {
      expect(await managerOf('m-3', { to: '2024-04-01T00:00:00.000Z', currency: 'USD' })).toMatchObject({ wonDeals: 2, wonValue: '1250.50' });
    });

    it('a timestamp `to` one millisecond earlier leaves that deal out', async () => {
      expect(await managerOf('m-3', { to: '2024-03-31T23:59:59.999Z', currency: 'USD' })).toMatchObject({ wonDeals: 1, wonValue: '1000.00' });
    });

    it('`from` includes deals closed at its first instant', async () => {
      expect(await managerOf('m-3', { from: '2024-04-01', currency: 'USD' })).toMatchObject({ wonDeals: 1, wonValue: '250.50' });
    });

    it('`from` leaves out deals closed the moment before', async () => {
      expect(await managerOf('m-1', { from: '2024-01-01', currency: 'USD' })).toMatchObject({ wonDeals: 0, wonValue: '0.00' });
    });

    it('without a range every won deal counts', async () => {
      expect(await managerOf('m-3', { currency: 'USD' })).toMatchObject({ wonDeals: 2, wonValue: '1250.50' });
    });

    it('a bound with an offset is compared as the instant it names', async () => {
      expect(await managerOf('m-3', { to: '2024-04-01T01:59:59.999+02:00', currency: 'USD' })).toMatchObject({ wonDeals: 1 });
    });

    it('open deals do not depend on the range', async () => {
      expect(await managerOf('m-2', { from: '2030-01-01', currency: 'USD' })).toMatchObject({ openDeals: 1, wonDeals: 0 });
    });

    it('an unreadable bound is refused as invalid, naming the field', async () => {
      await expect(query({ from: 'last week', currency: 'USD' })).rejects.toMatchObject({ kind: 'invalid', code: 'from-invalid', field: 'from' });
    });

    it('the territory filter keeps only that territory’s managers', async () => {
      const result = await query({ ...firstQuarter, territory: 'South' });
      expect(result.managers.map((manager) => manager.managerId)).toEqual(['m-4', 'm-5']);
    });
  });

  describe('roll-ups', () => {
    beforeEach(() => consumer.process(organisation()));

    it('a team is its lead and everyone below along the reporting line, three levels deep', async () => {
      expect((await query(firstQuarter)).teams).toEqual([
        { leadId: 'm-1', leadName: 'Ada', members: 4, capacity: 16, accounts: 5, keyAccounts: 2, openDeals: 2, wonDeals: 2, wonValue: '1500.00', utilisation: 0.3125, overCapacity: false },
        { leadId: 'm-2', leadName: 'Ben', members: 3, capacity: 6, accounts: 5, keyAccounts: 2, openDeals: 2, wonDeals: 2, wonValue: '1500.00', utilisation: 5 / 6, overCapacity: false },
      ]);
    });

    it('territories roll up their managers, capacity 0 with accounts held being over capacity', async () => {
      expect((await query(firstQuarter)).territories).toEqual([
        { territory: 'North', managers: 3, capacity: 16, accounts: 4, keyAccounts: 2, openDeals: 2, wonDeals: 1, wonValue: '1000.00', utilisation: 0.25, overCapacity: false },
        { territory: 'South', managers: 2, capacity: 0, accounts: 1, keyAccounts: 0, openDeals: 0, wonDeals: 1, wonValue: '500.00', utilisation: null, overCapacity: true },
      ]);
    });

    it('the territory filter restricts teams to members of the territory', async () => {
      const { teams } = await query({ ...firstQuarter, territory: 'North' });
      expect(teams.map(({ leadId, members, accounts, capacity }) => ({ leadId, members, accounts, capacity }))).toEqual([
        { leadId: 'm-1', members: 3, accounts: 4, capacity: 16 },
        { leadId: 'm-2', members: 2, accounts: 4, capacity: 6 },
      ]);
    });

    it('the territory filter restricts territories to that one', async () => {
      const { territories } = await query({ ...firstQuarter, territory: 'South' });
      expect(territories.map(({ territory, managers }) => ({ territory, managers }))).toEqual([{ territory: 'South', managers: 2 }]);
    });
  });

  describe('events', () => {
    const chiefs = () => [
      onboarded('m-1', { name: 'Ada', role: 'account_manager', territory: 'North', reportsTo: null, capacity: 2 }),
      onboarded('m-2', { name: 'Ben', role: 'account_manager', territory: 'North', reportsTo: null, capacity: 2 }),
    ];

    it('a reassignment moves the account from one manager’s count to the other’s', async () => {
      await consumer.process([
        ...chiefs(),
        ...heldAccount('a-1', 'm-1', true),
        accountEvent('a-1', 'ManagerReassigned', { fromManagerId: 'm-1', toManagerId: 'm-2', reason: 'territory' }),
      ]);
      const counts = (await query({ currency: 'USD' })).managers.map(({ managerId, accounts, keyAccounts }) => ({ managerId, accounts, keyAccounts }));
      expect(counts).toEqual([
        { managerId: 'm-1', accounts: 0, keyAccounts: 0 },
        { managerId: 'm-2', accounts: 1, keyAccounts: 1 },
      ]);
    });

    it('a revoked designation no longer counts as a key account', async () => {
      await consumer.process([...chiefs(), ...heldAccount('a-1', 'm-1', true), accountEvent('a-1', 'KeyAccountDesignationRevoked', { reason: null })]);
      expect(await managerOf('m-1', { currency: 'USD' })).toMatchObject({ accounts: 1, keyAccounts: 0 });
    });

    it('a closed account is no longer held', async () => {
      await consumer.process([...chiefs(), ...heldAccount('a-1', 'm-1', true), accountEvent('a-1', 'AccountClosed', { reason: 'merged' })]);
      expect(await managerOf('m-1', { currency: 'USD' })).toMatchObject({ accounts: 0, keyAccounts: 0 });
    });

    it('a deal closed won is no longer open and counts as won', async () => {
      await consumer.process([...chiefs(), ...dealClosed('d-1', 'm-1', 'won', 123456, '2024-02-01T00:00:00.000Z')]);
      expect(await managerOf('m-1', { currency: 'USD' })).toMatchObject({ openDeals: 0, wonDeals: 1, wonValue: '1234.56' });
    });

    it('a deal closed lost is neither open nor won', async () => {
      await consumer.process([...chiefs(), ...dealClosed('d-1', 'm-1', 'lost', 0, '2024-02-01T00:00:00.000Z')]);
      expect(await managerOf('m-1', { currency: 'USD' })).toMatchObject({ openDeals: 0, wonDeals: 0, wonValue: '0.00' });
    });

    it('won value is formatted in the reporting currency’s minor unit', async () => {
      await consumer.process([...chiefs(), ...dealClosed('d-1', 'm-1', 'won', 1054, '2024-02-01T00:00:00.000Z')]);
      expect(await managerOf('m-1', { currency: 'USD' })).toMatchObject({ wonValue: '10.54' });
    });

    it('a capacity change moves the manager over capacity', async () => {
      await consumer.process([...chiefs(), ...heldAccount('a-1', 'm-1'), ...heldAccount('a-2', 'm-1'), managerEvent('m-1', 'ManagerCapacityChanged', { capacity: 1, previousCapacity: 2 })]);
      expect(await managerOf('m-1', { currency: 'USD' })).toMatchObject({ capacity: 1, utilisation: 2, overCapacity: true });
    });

    it('a role change shows the new role', async () => {
      await consumer.process([...chiefs(), managerEvent('m-1', 'ManagerRoleChanged', { role: 'sales_manager', previousRole: 'account_manager' })]);
      expect(await managerOf('m-1', { currency: 'USD' })).toMatchObject({ role: 'sales_manager' });
    });

    it('a reporting line change moves the manager into the new lead’s team', async () => {
      await consumer.process([...chiefs(), managerEvent('m-2', 'ManagerReportingLineChanged', { reportsTo: 'm-1', previousReportsTo: null })]);
      const { teams } = await query({ currency: 'USD' });
      expect(teams.map(({ leadId, members }) => ({ leadId, members }))).toEqual([{ leadId: 'm-1', members: 2 }]);
    });

    it('an offboarded manager holding nothing is left out', async () => {
      await consumer.process([...chiefs(), managerEvent('m-2', 'ManagerOffboarded', { reason: 'left', successorId: null })]);
      expect((await query({ currency: 'USD' })).managers.map((manager) => manager.managerId)).toEqual(['m-1']);
    });

    it('an offboarded manager still holding accounts is listed as offboarded', async () => {
      await consumer.process([...chiefs(), ...heldAccount('a-1', 'm-2'), managerEvent('m-2', 'ManagerOffboarded', { reason: 'left', successorId: null })]);
      expect(await managerOf('m-2', { currency: 'USD' })).toMatchObject({ status: 'offboarded', accounts: 1 });
    });

    it('an offboarded manager’s accounts count in roll-ups but their capacity does not', async () => {
      await consumer.process([...chiefs(), ...heldAccount('a-1', 'm-2'), managerEvent('m-2', 'ManagerOffboarded', { reason: 'left', successorId: null })]);
      expect((await query({ currency: 'USD' })).territories).toMatchObject([{ territory: 'North', managers: 2, accounts: 1, capacity: 2 }]);
    });

    it('with a territory filter, a team follows its reporting line through managers of other territories', async () => {
      await consumer.process([
        ...chiefs(),
        onboarded('m-3', { name: 'Cy', role: 'account_manager', territory: 'South', reportsTo: 'm-1', capacity: 2 }),
        managerEvent('m-2', 'ManagerReportingLineChanged', { reportsTo: 'm-3', previousReportsTo: null }),
      ]);
      const { teams } = await query({ territory: 'North', currency: 'USD' });
      expect(teams.map(({ leadId, members }) => ({ leadId, members }))).toEqual([{ leadId: 'm-1', members: 2 }]);
    });

    it('a cycle in the reporting lines still ends, each lead’s team holding both', async () => {
      await consumer.process([
        ...chiefs(),
        managerEvent('m-1', 'ManagerReportingLineChanged', { reportsTo: 'm-2', previousReportsTo: null }),
        managerEvent('m-2', 'ManagerReportingLineChanged', { reportsTo: 'm-1', previousReportsTo: null }),
      ]);
      const { teams } = await query({ currency: 'USD' });
      expect(teams.map(({ leadId, members }) => ({ leadId, members }))).toEqual([
        { leadId: 'm-1', members: 2 },
        { leadId: 'm-2', members: 2 },
      ]);
    });
  });

  it('the same events in several batches give the same answer as in one batch', async () => {
    const events = organisation();
    await consumer.process(events);
    const inOneBatch = await query(firstQuarter);

    const { store: other, consumer: batched, close: closeOther } = await sqliteReadModel(managerWorkloadsProjection);
    for (let start = 0; start < events.length; start += 4) await batched.process(events.slice(start, start + 4));
    const inSeveralBatches = await queryManagerWorkloads(other, 1, firstQuarter);
    closeOther();
    expect(inSeveralBatches).toEqual(inOneBatch);
  });

  it('CSV rows are the managers, flat, with the currency, in a fixed column order', async () => {
    await consumer.process(organisation());
    const rows = managerWorkloadsCsvRows(await query({ ...firstQuarter, territory: 'South' }));
    expect(rows).toEqual([
      { managerId: 'm-4', name: 'Dee', role: 'account_manager', territory: 'South', reportsTo: 'm-2', status: 'active', capacity: null, accounts: 1, keyAccounts: 0, openDeals: 0, wonDeals: 1, wonValue: '500.00', currency: 'USD', utilisation: null, overCapacity: false },
      { managerId: 'm-5', name: 'Eve', role: 'key_account_manager', territory: 'South', reportsTo: null, status: 'active', capacity: 0, accounts: 0, keyAccounts: 0, openDeals: 0, wonDeals: 0, wonValue: '0.00', currency: 'USD', utilisation: 0, overCapacity: false },
    ]);
    expect(Object.keys(rows[0])).toEqual(['managerId', 'name', 'role', 'territory', 'reportsTo', 'status', 'capacity', 'accounts', 'keyAccounts', 'openDeals', 'wonDeals', 'wonValue', 'currency', 'utilisation', 'overCapacity']);
  });
});
