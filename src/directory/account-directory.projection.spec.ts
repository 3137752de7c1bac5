import type { RecordedEvent } from '@ledger/event-store';
import { EventFailure, type ReadModelConsumer, type SqliteReadStore } from '@ledger/projections';
import { RecordingLog, sqliteReadModel } from '@ledger/projections/testing/read-model-fixture';
import { eventsOn } from '../testing/recorded-events';
import { accountDirectoryProjection } from './account-directory.projection';

const OPENED_AT = '2016-12-01T00:00:00.000Z';
const LATER = '2017-03-01T00:00:00.000Z';

/** Positions and revisions are handed out in the order the test records its events. */
const log = new RecordingLog();
const recorded = log.record.bind(log);
const events = eventsOn(log, LATER);
const { account, manager } = events;

const opened = (accountId: string) =>
  events.accountOpened(accountId, {
    sector: 'Banking', region: 'EMEA', country: 'DE', parentAccountId: 'a-0', annualRevenueMinor: 1_000_000, currency: 'USD', employees: 120,
    occurredAt: OPENED_AT,
  });
const assigned = (accountId: string, managerId: string) => account(accountId, 'AccountAssigned', { managerId });
const reassigned = (accountId: string, fromManagerId: string, toManagerId: string) =>
  account(accountId, 'ManagerReassigned', { fromManagerId, toManagerId, reason: 'territory change' });
const onboarded = (managerId: string) =>
  events.managerOnboarded(managerId, { territory: 'DACH', reportsTo: 'm-0', capacity: 20, occurredAt: OPENED_AT });

describe('accountDirectoryProjection', () => {
  let store: SqliteReadStore;
  let consumer: ReadModelConsumer;
  let close: () => void;

  beforeEach(async () => {
    log.reset();
    ({ store, consumer, close } = await sqliteReadModel(accountDirectoryProjection));
  });
  afterEach(() => close());

  const given = (...events: RecordedEvent[]) => consumer.process(events);
  const rowsOf = (table: string) =>
    store.query(`SELECT * FROM "${store.tableName('account-directory', table, 1)}" ORDER BY 1`);
  const accountRow = async (accountId: string) => (await rowsOf('accounts')).find((row) => row.account_id === accountId);
  const managerRow = async (managerId: string) => (await rowsOf('managers')).find((row) => row.manager_id === managerId);

  describe('accounts', () => {
    it('an opened account is a standard, open account without a manager, at its revision', async () => {
      await given(opened('a-1'));
      expect(await rowsOf('accounts')).toEqual([
        {
          account_id: 'a-1', name: 'Account a-1', sector: 'Banking', region: 'EMEA', country: 'DE', parent_account_id: 'a-0',
          tier: 'standard', manager_id: null, status: 'open', revision: 0, opened_at: OPENED_AT,
        },
      ]);
    });

    it('an assignment sets the manager', async () => {
      await given(opened('a-1'), assigned('a-1', 'm-1'));
      expect((await accountRow('a-1'))?.manager_id).toBe('m-1');
    });

    it('a reassignment sets the new manager', async () => {
      await given(opened('a-1'), assigned('a-1', 'm-1'), reassigned('a-1', 'm-1', 'm-2'));
      expect((await accountRow('a-1'))?.manager_id).toBe('m-2');
    });

    it('a key designation makes the account key', async () => {
      await given(opened('a-1'), account('a-1', 'AccountDesignatedKey', { reason: null }));
      expect((await accountRow('a-1'))?.tier).toBe('key');
    });

    it('a revoked designation makes the account standard again', async () => {
      await given(
        opened('a-1'),
        account('a-1', 'AccountDesignatedKey', { reason: null }),
        account('a-1', 'KeyAccountDesignationRevoked', { reason: 'downsized' }),
      );
      expect((await accountRow('a-1'))?.tier).toBe('standard');
    });

    it('a closure closes the account', async () => {
      await given(opened('a-1'), account('a-1', 'AccountClosed', { reason: 'merged' }));
      expect((await accountRow('a-1'))?.status).toBe('closed');
    });

    it('a closure keeps the manager and tier', async () => {
      await given(opened('a-1'), assigned('a-1', 'm-1'), account('a-1', 'AccountDesignatedKey', { reason: null }), account('a-1', 'AccountClosed', { reason: 'merged' }));
      expect(await accountRow('a-1')).toMatchObject({ manager_id: 'm-1', tier: 'key' });
    });

    it('tracks the revision of the last event of the account', async () => {
      await given(opened('a-1'), assigned('a-1', 'm-1'), reassigned('a-1', 'm-1', 'm-2'));
      expect((await accountRow('a-1'))?.revision).toBe(2);
    });

    it('tracks the revision across batches', async () => {
      await given(opened('a-1'), assigned('a-1', 'm-1'));
      await given(account('a-1', 'AccountDesignatedKey', { reason: null }));
      expect((await accountRow('a-1'))?.revision).toBe(2);
    });

    it('leaves other accounts alone', async () => {
      await given(opened('a-1'), opened('a-2'), assigned('a-2', 'm-1'));
      expect((await accountRow('a-1'))?.manager_id).toBeNull();
    });

    describe('an event for an account never opened', () => {
      let orphan: RecordedEvent;
      let failure: unknown;

      beforeEach(async () => {
        orphan = assigned('a-9', 'm-1');
        failure = await given(opened('a-1'), orphan).catch((error: unknown) => error);
      });

      it('fails the batch with an EventFailure naming the event', () => {
        expect(failure).toEqual(expect.objectContaining({ name: 'EventFailure', event: orphan }));
      });

      it('is an EventFailure', () => {
        expect(failure).toBeInstanceOf(EventFailure);
      });

      it('says why', () => {
        expect((failure as Error).message).toBe('AccountAssigned for account a-9, which was never opened');
      });

      it('commits nothing of the batch', async () => {
        expect(await rowsOf('accounts')).toEqual([]);
      });
    });
  });

  describe('managers', () => {
    it('an onboarded manager is active with their role, territory, reporting line and capacity', async () => {
      await given(onboarded('m-1'));
      expect(await rowsOf('managers')).toEqual([
        { manager_id: 'm-1', name: 'Manager m-1', role: 'account_manager', territory: 'DACH', reports_to: 'm-0', capacity: 20, status: 'active' },
      ]);
    });

    it('a role change sets the role', async () => {
      await given(onboarded('m-1'), manager('m-1', 'ManagerRoleChanged', { role: 'key_account_manager', previousRole: 'account_manager' }));
      expect((await managerRow('m-1'))?.role).toBe('key_account_manager');
    });

    it('a reporting line change sets who they report to', async () => {
      await given(onboarded('m-1'), manager('m-1', 'ManagerReportingLineChanged', { reportsTo: 'm-7', previousReportsTo: 'm-0' }));
      expect((await managerRow('m-1'))?.reports_to).toBe('m-7');
    });

    it('a reporting line can be removed', async () => {
      await given(onboarded('m-1'), manager('m-1', 'ManagerReportingLineChanged', { reportsTo: null, previousReportsTo: 'm-0' }));
      expect((await managerRow('m-1'))?.reports_to).toBeNull();
    });

    it('a capacity change sets the capacity', async () => {
      await given(onboarded('m-1'), manager('m-1', 'ManagerCapacityChanged', { capacity: 35, previousCapacity: 20 }));
      expect((await managerRow('m-1'))?.capacity).toBe(35);
    });

    it('an offboarding marks the manager offboarded', async () => {
      await given(onboarded('m-1'), manager('m-1', 'ManagerOffboarded', { reason: 'left', successorId: 'm-2' }));
      expect((await managerRow('m-1'))?.status).toBe('offboarded');
    });

    it('an offboarding keeps the rest of the row', async () => {
      await given(onboarded('m-1'), manager('m-1', 'ManagerOffboarded', { reason: 'left', successorId: null }));
      expect(await managerRow('m-1')).toMatchObject({ role: 'account_manager', territory: 'DACH', capacity: 20 });
    });

    it('an event for a manager never onboarded fails with an EventFailure naming the event', async () => {
      const orphan = manager('m-9', 'ManagerRoleChanged', { role: 'sales_manager', previousRole: 'account_manager' });
      await expect(given(orphan)).rejects.toEqual(expect.objectContaining({ name: 'EventFailure', event: orphan }));
    });
  });

  it('ignores events of other kinds', async () => {
    await given(opened('a-1'), recorded('deal-d-1', 'DealOpened', { dealId: 'd-1', accountId: 'a-1' }));
    expect((await accountRow('a-1'))?.revision).toBe(0);
  });
});
