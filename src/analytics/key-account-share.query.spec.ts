import type { RecordedEvent } from '@ledger/event-store';
import type { SqliteReadStore } from '@ledger/projections';
import { RecordingLog, sqliteReadModel } from '@ledger/projections/testing/read-model-fixture';
import type { DealOutcome } from '../deals/domain/deal.events';
import { eventsOn } from '../testing/recorded-events';
import { keyAccountShareProjection } from './key-account-share.projection';
import { type KeyAccountShareParams, keyAccountShareCsvRows, queryKeyAccountShare } from './key-account-share.query';

const log = new RecordingLog();
const events = eventsOn(log, '2016-12-01T00:00:00.000Z');

const opened = (accountId: string, region: string, sector: string) => events.accountOpened(accountId, { region, sector });
const designated = (accountId: string, occurredAt: string) => events.account(accountId, 'AccountDesignatedKey', { reason: null, occurredAt });
const revoked = (accountId: string, occurredAt: string) =>
  events.account(accountId, 'KeyAccountDesignationRevoked', { reason: null, occurredAt });
const closedDeal = (dealId: string, accountId: string, closedAt: string, amountMinor: number, currency = 'USD', outcome: DealOutcome = 'won') =>
  events.dealClosed(dealId, { accountId, managerId: 'm-1', outcome, amountMinor, currency, closedAt });

/**
 * a-1 EMEA Banking, key from 2017-02-01; a-2 EMEA Retail, never key; a-3 APAC Banking, key
 * from 2017-01-01 to 2017-05-01. USD won deals, by month (won / key):
 *   2017-01  1000.00 / 0        (d-1 a-1, before its designation)
 *   2017-02  2500.00 / 2000.00  (d-2 a-1 key, d-3 a-2)
 *   2017-03  1500.00 / 1500.00  (d-4 a-3, last millisecond of March)
 *   2017-05   700.00 / 0        (d-5 a-3, after the revocation)
 *   2018-01  1054.50 / 1054.50  (d-6 a-1)
 *   total    6754.50 / 4554.50, share 0.6743
 * Not counted in USD: d-7 lost, d-8 in EUR, d-9 in JPY.
 */
const history = (): RecordedEvent[] => [
  opened('a-1', 'EMEA', 'Banking'),
  opened('a-2', 'EMEA', 'Retail'),
  opened('a-3', 'APAC', 'Banking'),
  designated('a-3', '2017-01-01T00:00:00.000Z'),
  closedDeal('d-1', 'a-1', '2017-01-15T10:00:00.000Z', 100000),
  closedDeal('d-2', 'a-1', '2017-02-10T00:00:00.000Z', 200000),
  closedDeal('d-3', 'a-2', '2017-02-20T10:00:00.000Z', 50000),
  closedDeal('d-4', 'a-3', '2017-03-31T23:59:59.999Z', 150000),
  revoked('a-3', '2017-05-01T00:00:00.000Z'),
  closedDeal('d-5', 'a-3', '2017-05-10T10:00:00.000Z', 70000),
  closedDeal('d-6', 'a-1', '2018-01-05T10:00:00.000Z', 105450),
  closedDeal('d-7', 'a-2', '2017-02-25T10:00:00.000Z', 999900, 'USD', 'lost'),
  closedDeal('d-8', 'a-1', '2017-02-11T10:00:00.000Z', 30000, 'EUR'),
  closedDeal('d-9', 'a-1', '2017-02-12T10:00:00.000Z', 1054, 'JPY'),
  // Retroactive: recorded after its deals, effective before d-2, d-6, d-8 and d-9 closed.
  designated('a-1', '2017-02-01T00:00:00.000Z'),
];

describe('queryKeyAccountShare', () => {
  let store: SqliteReadStore;
  let close: () => void;

  beforeAll(async () => {
    log.reset();
    const readModel = await sqliteReadModel(keyAccountShareProjection);
    ({ store, close } = readModel);
    await readModel.consumer.process(history());
  });
  afterAll(() => close());

  const query = (params: Partial<KeyAccountShareParams> = {}) =>
    queryKeyAccountShare(store, 1, { groupBy: 'none', currency: 'USD', ...params });

  describe('grouping', () => {
    it('by month: one period per month with won deals, ascending', async () => {
      expect((await query({ groupBy: 'month' })).periods).toEqual([
        { period: '2017-01', wonValue: '1000.00', keyWonValue: '0.00', share: 0 },
        { period: '2017-02', wonValue: '2500.00', keyWonValue: '2000.00', share: 0.8 },
        { period: '2017-03', wonValue: '1500.00', keyWonValue: '1500.00', share: 1 },
        { period: '2017-05', wonValue: '700.00', keyWonValue: '0.00', share: 0 },
        { period: '2018-01', wonValue: '1054.50', keyWonValue: '1054.50', share: 1 },
      ]);
    });

    it('by quarter: months rolled up into 2017-Q1 style periods', async () => {
      expect((await query({ groupBy: 'quarter' })).periods).toEqual([
        { period: '2017-Q1', wonValue: '5000.00', keyWonValue: '3500.00', share: 0.7 },
        { period: '2017-Q2', wonValue: '700.00', keyWonValue: '0.00', share: 0 },
        { period: '2018-Q1', wonValue: '1054.50', keyWonValue: '1054.50', share: 1 },
      ]);
    });

    it('by year: shares rounded to 4 decimals', async () => {
      expect((await query({ groupBy: 'year' })).periods).toEqual([
        { period: '2017', wonValue: '5700.00', keyWonValue: '3500.00', share: 0.614 },
        { period: '2018', wonValue: '1054.50', keyWonValue: '1054.50', share: 1 },
      ]);
    });

    it('none: the total only, no periods', async () => {
      expect(await query({ groupBy: 'none' })).toEqual({
        currency: 'USD',
        total: { wonValue: '6754.50', keyWonValue: '4554.50', share: 0.6743 },
        periods: [],
      });
    });

    it('the total does not depend on the grouping', async () => {
      expect((await query({ groupBy: 'month' })).total).toEqual({ wonValue: '6754.50', keyWonValue: '4554.50', share: 0.6743 });
    });
  });

  describe('filters', () => {
    it('by region: only deals on accounts of that region', async () => {
      expect((await query({ region: 'EMEA' })).total).toEqual({ wonValue: '4554.50', keyWonValue: '3054.50', share: 0.6707 });
    });

    it('by sector: only deals on accounts of that sector', async () => {
      expect((await query({ sector: 'Banking' })).total).toEqual({ wonValue: '6254.50', keyWonValue: '4554.50', share: 0.7282 });
    });

    it('by region and sector together', async () => {
      expect((await query({ region: 'EMEA', sector: 'Retail' })).total).toEqual({ wonValue: '500.00', keyWonValue: '0.00', share: 0 });
    });

    it('a filter matching no won deal gives zero values, a share of 0 and no periods', async () => {
      expect(await query({ groupBy: 'month', region: 'Nowhere' })).toEqual({
        currency: 'USD',
        total: { wonValue: '0.00', keyWonValue: '0.00', share: 0 },
        periods: [],
      });
    });
  });

  describe('date range', () => {
    it('from and a date-only to both include their whole day', async () => {
      expect((await query({ from: '2017-02-01', to: '2017-03-31' })).total).toEqual({ wonValue: '4000.00', keyWonValue: '3500.00', share: 0.875 });
    });

    it('a date-only to excludes the next day', async () => {
      expect((await query({ from: '2017-03-01', to: '2017-03-30' })).total.wonValue).toBe('0.00');
    });

    it('from is inclusive of its instant', async () => {
      expect((await query({ from: '2017-02-10T00:00:00.000Z', to: '2017-02-15' })).total.wonValue).toBe('2000.00');
    });

    it('a timestamp to is inclusive of its instant', async () => {
      expect((await query({ from: '2017-02-01T00:00:00.000Z', to: '2017-02-10T00:00:00.000Z' })).total.wonValue).toBe('2000.00');
    });

    it('bounds with an offset are compared as instants', async () => {
      expect((await query({ from: '2017-02-10T01:00:00+01:00', to: '2017-02-10T01:00:00+01:00' })).total.wonValue).toBe('2000.00');
    });

    it('an unreadable bound is refused as invalid, naming the field', async () => {
      await expect(query({ from: 'last spring' })).rejects.toMatchObject({ kind: 'invalid', code: 'from-invalid', field: 'from' });
    });
  });

  describe('currency', () => {
    it('only deals in the requested currency are summed', async () => {
      expect((await query({ currency: 'EUR' })).total).toEqual({ wonValue: '300.00', keyWonValue: '300.00', share: 1 });
    });

    it('money is formatted with the currency minor unit', async () => {
      expect((await query({ currency: 'JPY' })).total).toEqual({ wonValue: '1054', keyWonValue: '1054', share: 1 });
    });
  });

  describe('empty read model', () => {
    it('gives zero values and a share of 0', async () => {
      const { store: empty, close: closeEmpty } = await sqliteReadModel(keyAccountShareProjection);
      const result = await queryKeyAccountShare(empty, 1, { groupBy: 'year', currency: 'USD' });
      closeEmpty();
      expect(result).toEqual({ currency: 'USD', total: { wonValue: '0.00', keyWonValue: '0.00', share: 0 }, periods: [] });
    });
  });
});

describe('keyAccountShareCsvRows', () => {
  it('lists the periods then a total row', () => {
    const rows = keyAccountShareCsvRows({
      currency: 'USD',
      total: { wonValue: '1700.00', keyWonValue: '1000.00', share: 0.5882 },
      periods: [
        { period: '2017-Q1', wonValue: '1000.00', keyWonValue: '1000.00', share: 1 },
        { period: '2017-Q2', wonValue: '700.00', keyWonValue: '0.00', share: 0 },
      ],
    });
    expect(rows).toEqual([
      { period: '2017-Q1', wonValue: '1000.00', keyWonValue: '1000.00', share: 1 },
      { period: '2017-Q2', wonValue: '700.00', keyWonValue: '0.00', share: 0 },
      { period: 'total', wonValue: '1700.00', keyWonValue: '1000.00', share: 0.5882 },
    ]);
  });

  it('is the total row alone without periods', () => {
    const rows = keyAccountShareCsvRows({ currency: 'USD', total: { wonValue: '0.00', keyWonValue: '0.00', share: 0 }, periods: [] });
    expect(rows).toEqual([{ period: 'total', wonValue: '0.00', keyWonValue: '0.00', share: 0 }]);
  });
});
