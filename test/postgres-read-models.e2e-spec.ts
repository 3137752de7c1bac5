import { Client } from 'pg';
import { SqliteEventStore } from '@ledger/event-store';
import { PostgresReadStore, READ_STORE, ReadModelConsumer, ReadStore } from '@ledger/projections';
import { READ_MODELS } from '../src/read-model-catalog';
import { TEST_DATABASE_URL, TestSchema, testSchema } from '../libs/projections/src/postgres/testing';
import { answersOf } from './support/read-model-answers';
import { dumpReadModels, rebuildInMemory } from './support/read-model-dump';
import { writeSyntheticLog } from './support/synthetic-log';
import { eventually, startTestApp, TestApp } from './support/test-app';

const activeGenerations = async (store: ReadStore) => {
  const generations = new Map<string, number>();
  for (const projection of READ_MODELS) generations.set(projection.name, (await store.generations(projection.name))[0].generation);
  return (name: string) => generations.get(name)!;
};

/** The same log projected on SQLite and on PostgreSQL: every row and every query answer must match. */
describe('read models on PostgreSQL equal those on SQLite', () => {
  let target: TestSchema;
  let log: SqliteEventStore;
  let postgres: PostgresReadStore;
  let sqlite: Awaited<ReturnType<typeof rebuildInMemory>>;
  const ids = { accounts: ['a0', 'a7', 'a42', 'missing'], managers: ['m0', 'm1', 'm7', 'm12'] };

  beforeAll(async () => {
    target = testSchema();
    log = new SqliteEventStore({ path: ':memory:' });
    await writeSyntheticLog(log, { managers: 20, accounts: 300, dealsPerAccount: 8, seed: 11 });
    sqlite = await rebuildInMemory(log);
    postgres = await PostgresReadStore.open({ url: target.url });
    // The runner's path on PostgreSQL, in batches of 1,000 like a replay.
    for (const projection of READ_MODELS) {
      await postgres.createGeneration(projection, 1, 'active');
      const consumer = new ReadModelConsumer(projection, postgres, 1);
      for (let after: bigint | undefined; ; ) {
        const events = await log.readAll({ after, maxCount: 1000 });
        if (events.length === 0) break;
        await consumer.process(events);
        after = events[events.length - 1].position;
      }
    }
  }, 60_000);
  afterAll(async () => {
    sqlite.close();
    await postgres.close();
    await log.close();
    await target.drop();
  });

  it('holds the same rows, table by table', async () => {
    expect(await dumpReadModels(postgres)).toEqual(await dumpReadModels(sqlite.store));
  });

  it('answers every query the same, for every grouping, filter, range and page', async () => {
    const onPostgres = await answersOf(postgres, () => 1, ids);
    expect(onPostgres).toEqual(await answersOf(sqlite.store, () => 1, ids));
  }, 30_000);

  it('answers with figures, not empty results (the comparison means something)', async () => {
    const answers = await answersOf(postgres, () => 1, ids);
    const total = (answers['share {"groupBy":"none","currency":"USD"}'] as { total: { wonValue: string } }).total.wonValue;
    const pages = answers['accounts {}'] as unknown[][];
    expect([Number(total) > 0, pages.flat().length]).toEqual([true, 300]);
  });
});

/**
 * The app on READ_STORE=postgres, driven over HTTP through what the synthetic log lacks:
 * revocations, closures, capacity changes, an offboarding, ids that sort differently by locale.
 */
describe('the service on READ_STORE=postgres', () => {
  let target: TestSchema;
  let app: TestApp;
  let lastPosition = '0';

  const command = async (path: string, body: Record<string, unknown>) => {
    const response = await app.send('POST', path, { body });
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    lastPosition = response.body.position;
  };
  const query = (path: string) => app.send('GET', `${path}${path.includes('?') ? '&' : '?'}minPosition=${lastPosition}`, { role: 'analyst' });

  beforeAll(async () => {
    target = testSchema();
    app = await startTestApp({ env: { READ_STORE: 'postgres', DATABASE_URL: target.url } });
    await command('/managers', { managerId: 'lead', name: 'Lea Lead', role: 'sales_manager', territory: 'East' });
    await command('/managers', { managerId: 'm1', name: 'Max One', role: 'account_manager', territory: 'East', reportsTo: 'lead', capacity: 2 });
    await command('/managers', { managerId: 'm2', name: 'Mia Two', role: 'account_manager', territory: 'West', reportsTo: 'lead', capacity: 1 });
    for (const [accountId, region, sector, managerId] of [['Zeta', 'EMEA', 'retail', 'm1'], ['alpha', 'EMEA', 'software', 'm2'], ['Beta', 'AMER', 'retail', 'm2']]) {
      await command('/accounts', { accountId, name: `Account ${accountId}`, region, sector });
      await command(`/accounts/${accountId}/assignment`, { managerId });
    }
    await command('/accounts/Zeta/key-designation', { effectiveFrom: '2017-01-01' });
    await command('/accounts/alpha/key-designation', { effectiveFrom: '2017-03-01' });
    await command('/accounts/alpha/key-designation/revocation', { effectiveFrom: '2017-06-01' });
    for (const [dealId, accountId, managerId, amount, closedAt] of [
      ['d1', 'Zeta', 'm1', '1000.00', '2017-02-10'], ['d2', 'alpha', 'm2', '400.00', '2017-04-10'],
      ['d3', 'alpha', 'm2', '300.00', '2017-07-10'], ['d4', 'Beta', 'm2', '99.99', '2017-05-05'],
    ]) {
      await command('/deals', { dealId, accountId, managerId, openedAt: '2017-01-15' });
      await command(`/deals/${dealId}/closure`, { outcome: 'won', amount, closedAt });
    }
    await command('/deals', { dealId: 'd5', accountId: 'Beta', managerId: 'm2', openedAt: '2017-01-15' });
    await command('/managers/m1/capacity', { capacity: 3 });
    await command('/accounts/Beta/closure', { reason: 'Merged' });
    await command('/managers/m2/offboarding', { reason: 'Left', successorId: 'm1' });
    await eventually(async () => ((await query('/managers/m1')).body.portfolio?.length === 2 ? true : undefined));
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await target.drop();
  });

  it('answers the hand-computed key-account share (alpha key from March to June)', async () => {
    const response = await query('/analytics/key-account-share?groupBy=quarter');
    expect(response.body).toEqual({
      currency: 'USD',
      total: { wonValue: '1799.99', keyWonValue: '1400.00', share: 0.7778 },
      periods: [
        { period: '2017-Q1', wonValue: '1000.00', keyWonValue: '1000.00', share: 1 },
        { period: '2017-Q2', wonValue: '499.99', keyWonValue: '400.00', share: 0.8 },
        { period: '2017-Q3', wonValue: '300.00', keyWonValue: '0.00', share: 0 },
      ],
    });
  });

  it('pages the directory in code-point order (upper case first), as on SQLite', async () => {
    const first = await query('/accounts?limit=2');
    const second = await query(`/accounts?limit=2&cursor=${first.body.next}`);
    expect([first.body.items.map((a: { accountId: string }) => a.accountId), second.body.items.map((a: { accountId: string }) => a.accountId)])
      .toEqual([['Beta', 'Zeta'], ['alpha']]);
  });

  it('holds read models equal to a clean rebuild, and answers every query as it does', async () => {
    const store = app.app.get<ReadStore>(READ_STORE);
    const rebuilt = await rebuildInMemory(app.store);
    const ids = { accounts: ['Zeta', 'alpha', 'Beta'], managers: ['lead', 'm1', 'm2'] };
    try {
      const onPostgres = { rows: await dumpReadModels(store), answers: await answersOf(store, await activeGenerations(store), ids) };
      expect(onPostgres).toEqual({ rows: await dumpReadModels(rebuilt.store), answers: await answersOf(rebuilt.store, () => 1, ids) });
    } finally {
      rebuilt.close();
    }
  });

  describe('BI views, read with the read-only role', () => {
    let bi: Client;

    beforeAll(async () => {
      bi = new Client({ connectionString: TEST_DATABASE_URL });
      await bi.connect();
      await bi.query(`SET ROLE "${target.schema}_reader"`);
      await bi.query(`SET search_path TO "${target.schema}"`);
    });
    afterAll(() => bi.end());

    it('bi_key_account_share_by_month sums to the API figures per month', async () => {
      const { rows } = await bi.query(`SELECT month, SUM(won_minor)::int AS won, SUM(key_won_minor)::int AS key FROM bi_key_account_share_by_month
        WHERE currency = 'USD' GROUP BY month ORDER BY month`);
      const api = (await query('/analytics/key-account-share?groupBy=month')).body.periods;
      expect(rows.map((row) => [row.month, (row.won / 100).toFixed(2), (row.key / 100).toFixed(2)]))
        .toEqual(api.map((p: { period: string; wonValue: string; keyWonValue: string }) => [p.period, p.wonValue, p.keyWonValue]));
    });

    it('bi_manager_workloads counts as the API does', async () => {
      const { rows } = await bi.query(`SELECT manager_id, accounts::int, key_accounts::int, open_deals::int, won_deals::int, over_capacity
        FROM bi_manager_workloads WHERE status = 'active' ORDER BY manager_id`);
      const api = (await query('/analytics/manager-workloads')).body.managers.filter((m: { status: string }) => m.status === 'active');
      expect(rows.map((row) => [row.manager_id, row.accounts, row.key_accounts, row.open_deals, row.won_deals, row.over_capacity]))
        .toEqual(api.map((m: Record<string, unknown>) => [m.managerId, m.accounts, m.keyAccounts, m.openDeals, m.wonDeals, m.overCapacity]));
    });

    it('bi_manager_won_deals_by_month lists each manager\'s won value per month', async () => {
      const { rows } = await bi.query(`SELECT manager_id, month, won_minor::int FROM bi_manager_won_deals_by_month ORDER BY manager_id, month`);
      expect(rows.map((row) => [row.manager_id, row.month, row.won_minor])).toEqual([
        ['m1', '2017-02', 100000], ['m2', '2017-04', 40000], ['m2', '2017-05', 9999], ['m2', '2017-07', 30000],
      ]);
    });

    it('the role cannot write', async () => {
      await expect(bi.query('DELETE FROM idempotency_records')).rejects.toThrow('permission denied');
    });
  });
});
