import type { RecordedEvent } from '@ledger/event-store';
import type { ReadModelConsumer, SqliteReadStore } from '@ledger/projections';
import { RecordingLog, sqliteReadModel } from '@ledger/projections/testing/read-model-fixture';
import type { DealOutcome } from '../deals/domain/deal.events';
import { eventsOn } from '../testing/recorded-events';
import { keyAccountShareProjection } from './key-account-share.projection';
import { queryKeyAccountShare } from './key-account-share.query';

/** Positions and revisions are handed out in the order the test records its events. */
const log = new RecordingLog();
const recorded = log.record.bind(log);
const events = eventsOn(log, '2016-12-01T00:00:00.000Z');

const opened = (accountId: string, region: string | null = 'EMEA', sector: string | null = 'Banking') =>
  events.accountOpened(accountId, { region, sector });
const designated = (accountId: string, occurredAt: string) => events.account(accountId, 'AccountDesignatedKey', { reason: null, occurredAt });
const revoked = (accountId: string, occurredAt: string) =>
  events.account(accountId, 'KeyAccountDesignationRevoked', { reason: null, occurredAt });
const closedDeal = (dealId: string, accountId: string, closedAt: string, amountMinor: number, outcome: DealOutcome = 'won') =>
  events.dealClosed(dealId, { accountId, managerId: 'm-1', outcome, amountMinor, closedAt });
const lostDeal = (dealId: string, accountId: string, closedAt: string, amountMinor: number) =>
  closedDeal(dealId, accountId, closedAt, amountMinor, 'lost');

/** Feeds events to the consumer: all in one batch, or one batch per event. */
const batchings = {
  'in one batch': (events: RecordedEvent[]) => [events],
  'one event per batch': (events: RecordedEvent[]) => events.map((event) => [event]),
};

describe.each(Object.entries(batchings))('keyAccountShareProjection, %s', (_, batchesOf) => {
  let store: SqliteReadStore;
  let consumer: ReadModelConsumer;
  let close: () => void;

  beforeEach(async () => {
    log.reset();
    ({ store, consumer, close } = await sqliteReadModel(keyAccountShareProjection));
  });
  afterEach(() => close());

  const given = async (...events: RecordedEvent[]): Promise<void> => {
    for (const batch of batchesOf(events)) await consumer.process(batch);
  };
  const rowsOf = (table: string) =>
    store.query(`SELECT * FROM "${store.tableName(keyAccountShareProjection.name, table, 1)}" ORDER BY 1, 2`);
  /** Won and key-account won value over everything the read model holds. */
  const totals = async () => (await queryKeyAccountShare(store, 1, { groupBy: 'none', currency: 'USD' })).total;

  describe('accounts', () => {
    it('an opened account is recorded with its region and sector, not key', async () => {
      await given(opened('a-1', 'APAC', 'Retail'));
      expect(await rowsOf('accounts')).toEqual([{ account_id: 'a-1', region: 'APAC', sector: 'Retail', key_since: null }]);
    });

    it('a designation opens a key period at its effective date', async () => {
      await given(opened('a-1'), designated('a-1', '2017-03-01T00:00:00.000Z'));
      expect(await rowsOf('key_periods')).toEqual([{ account_id: 'a-1', starts_at: '2017-03-01T00:00:00.000Z', ends_at: null }]);
    });

    it('a designated account remembers the start of its open period', async () => {
      await given(opened('a-1'), designated('a-1', '2017-03-01T00:00:00.000Z'));
      expect((await rowsOf('accounts'))[0].key_since).toBe('2017-03-01T00:00:00.000Z');
    });

    it('a revocation closes the open period at its effective date', async () => {
      await given(opened('a-1'), designated('a-1', '2017-03-01T00:00:00.000Z'), revoked('a-1', '2017-06-01T00:00:00.000Z'));
      expect(await rowsOf('key_periods')).toEqual([
        { account_id: 'a-1', starts_at: '2017-03-01T00:00:00.000Z', ends_at: '2017-06-01T00:00:00.000Z' },
      ]);
    });

    it('a revoked account has no open period', async () => {
      await given(opened('a-1'), designated('a-1', '2017-03-01T00:00:00.000Z'), revoked('a-1', '2017-06-01T00:00:00.000Z'));
      expect((await rowsOf('accounts'))[0].key_since).toBeNull();
    });

    it('designation, revocation and re-designation leave one closed and one open period', async () => {
      await given(
        opened('a-1'),
        designated('a-1', '2017-01-01T00:00:00.000Z'),
        revoked('a-1', '2017-04-01T00:00:00.000Z'),
        designated('a-1', '2017-07-01T00:00:00.000Z'),
      );
      expect(await rowsOf('key_periods')).toEqual([
        { account_id: 'a-1', starts_at: '2017-01-01T00:00:00.000Z', ends_at: '2017-04-01T00:00:00.000Z' },
        { account_id: 'a-1', starts_at: '2017-07-01T00:00:00.000Z', ends_at: null },
      ]);
    });

    it('effective dates given as a date or with an offset are stored as UTC instants', async () => {
      await given(opened('a-1'), designated('a-1', '2017-03-01T10:00:00+02:00'), revoked('a-1', '2017-06-01'));
      expect(await rowsOf('key_periods')).toEqual([
        { account_id: 'a-1', starts_at: '2017-03-01T08:00:00.000Z', ends_at: '2017-06-01T00:00:00.000Z' },
      ]);
    });
  });

  describe('deals', () => {
    it('a won deal is recorded with its account, close time and amount', async () => {
      await given(opened('a-1'), closedDeal('d-1', 'a-1', '2017-03-15T12:00:00.000Z', 105400));
      expect(await rowsOf('won_deals')).toEqual([
        { deal_id: 'd-1', account_id: 'a-1', closed_at: '2017-03-15T12:00:00.000Z', amount_minor: 105400, currency: 'USD' },
      ]);
    });

    it('a lost deal is not a sale', async () => {
      await given(opened('a-1'), lostDeal('d-1', 'a-1', '2017-03-15T12:00:00.000Z', 105400));
      expect(await rowsOf('won_deals')).toEqual([]);
    });

    it('a won deal on a key account is key-account sales', async () => {
      await given(opened('a-1'), designated('a-1', '2017-01-01T00:00:00.000Z'), closedDeal('d-1', 'a-1', '2017-03-15T12:00:00.000Z', 105400));
      expect(await totals()).toEqual({ wonValue: '1054.00', keyWonValue: '1054.00', share: 1 });
    });

    it('a won deal on an account that is not key counts as won but not as key-account sales', async () => {
      await given(opened('a-1'), closedDeal('d-1', 'a-1', '2017-03-15T12:00:00.000Z', 105400));
      expect(await totals()).toEqual({ wonValue: '1054.00', keyWonValue: '0.00', share: 0 });
    });

    it('a deal closed before the account became key is not key-account sales', async () => {
      await given(opened('a-1'), closedDeal('d-1', 'a-1', '2017-03-15T12:00:00.000Z', 105400), designated('a-1', '2017-04-01T00:00:00.000Z'));
      expect((await totals()).keyWonValue).toBe('0.00');
    });
  });

  describe('effective dating', () => {
    it('a retroactive designation, effective before a recorded deal closed, makes the deal key-account sales', async () => {
      await given(opened('a-1'), closedDeal('d-1', 'a-1', '2017-03-15T12:00:00.000Z', 105400), designated('a-1', '2017-03-01T00:00:00.000Z'));
      expect((await totals()).keyWonValue).toBe('1054.00');
    });

    it('a retroactive revocation, effective before a deal closed, takes the deal out of key-account sales', async () => {
      await given(
        opened('a-1'),
        designated('a-1', '2017-01-01T00:00:00.000Z'),
        closedDeal('d-1', 'a-1', '2017-03-15T12:00:00.000Z', 105400),
        revoked('a-1', '2017-03-01T00:00:00.000Z'),
      );
      expect((await totals()).keyWonValue).toBe('0.00');
    });

    it('a deal closed between a revocation and a re-designation is not key-account sales', async () => {
      await given(
        opened('a-1'),
        designated('a-1', '2017-01-01T00:00:00.000Z'),
        revoked('a-1', '2017-04-01T00:00:00.000Z'),
        designated('a-1', '2017-07-01T00:00:00.000Z'),
        closedDeal('d-1', 'a-1', '2017-05-15T12:00:00.000Z', 105400),
      );
      expect((await totals()).keyWonValue).toBe('0.00');
    });

    it('a deal closed after a re-designation is key-account sales', async () => {
      await given(
        opened('a-1'),
        designated('a-1', '2017-01-01T00:00:00.000Z'),
        revoked('a-1', '2017-04-01T00:00:00.000Z'),
        designated('a-1', '2017-07-01T00:00:00.000Z'),
        closedDeal('d-1', 'a-1', '2017-08-15T12:00:00.000Z', 105400),
      );
      expect((await totals()).keyWonValue).toBe('1054.00');
    });

    it('a deal closed exactly when a key period starts is key-account sales', async () => {
      await given(opened('a-1'), designated('a-1', '2017-03-01T00:00:00.000Z'), closedDeal('d-1', 'a-1', '2017-03-01T00:00:00.000Z', 105400));
      expect((await totals()).keyWonValue).toBe('1054.00');
    });

    it('a deal closed exactly when a key period ends is not key-account sales', async () => {
      await given(
        opened('a-1'),
        designated('a-1', '2017-01-01T00:00:00.000Z'),
        revoked('a-1', '2017-03-01T00:00:00.000Z'),
        closedDeal('d-1', 'a-1', '2017-03-01T00:00:00.000Z', 105400),
      );
      expect((await totals()).keyWonValue).toBe('0.00');
    });
  });

  describe('other events', () => {
    const others = () => [
      recorded('account-a-1', 'AccountAssigned', { accountId: 'a-1', managerId: 'm-1', occurredAt: '2017-01-01T00:00:00.000Z' }),
      recorded('deal-d-1', 'DealOpened', {
        dealId: 'd-1', accountId: 'a-1', managerId: 'm-1', product: null, expectedAmountMinor: 100, currency: 'USD',
        openedAt: null, occurredAt: '2017-01-01T00:00:00.000Z',
      }),
      recorded('account-a-1', 'AccountClosed', { accountId: 'a-1', reason: 'merged', occurredAt: '2017-02-01T00:00:00.000Z' }),
      recorded('manager-m-1', 'ManagerOnboarded', { managerId: 'm-1', occurredAt: '2017-01-01T00:00:00.000Z' }),
    ];

    it('need no rows', () => {
      expect(others().map((event) => keyAccountShareProjection.rowsNeeded(event))).toEqual([[], [], [], []]);
    });

    it('change no table', async () => {
      await given(...others());
      expect([await rowsOf('accounts'), await rowsOf('key_periods'), await rowsOf('won_deals')]).toEqual([[], [], []]);
    });
  });
});
