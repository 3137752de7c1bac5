import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { PostgresReadStore } from '@ledger/projections';
import { TestSchema, testSchema } from '../libs/projections/src/postgres/testing';
import { Instance, startInstance } from './support/instances';
import { cleanRebuild, dumpReadModels } from './support/read-model-dump';

const PROJECTIONS = ['account-directory', 'key-account-share', 'manager-workloads', 'account-streams', 'offboarding-process'];

/**
 * Two instances of the service, each a child process, on one SQLite log file and one PostgreSQL
 * schema. The first to start runs every projection and reactor; the other serves commands and
 * queries and stands by. Commands go through both; then the holder is SIGKILLed mid-scenario
 * and the other must take over within seconds, finish the scenario (an offboarding, run by the
 * reactor it took over) and leave read models equal to a clean rebuild of the log.
 *
 * The scenario is read-models.e2e-spec's: lead (East), m1 (East, capacity 2), m2 (West,
 * capacity 1); A, B (EMEA) to m1, C (AMER) to m2, B reassigned to m2; d1 A won 1000.00
 * 2017-02-10, d2 B won 500.00 2017-03-20, d3 C won 250.00 2017-05-05, d4 A lost, d5 C open; A
 * key from 2017-01-01, C key from 2017-05-10. After the kill: m2 offboarded to m1.
 */
describe('several instances on one PostgreSQL read side', () => {
  let dir: string;
  let target: TestSchema;
  let first: Instance;
  let second: Instance;
  let lastPosition = '0';

  const command = async (via: Instance, path: string, body: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const response = await via.send('POST', path, { body, headers });
    if (response.status >= 300) throw new Error(`${via.name} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    lastPosition = response.body.position ?? lastPosition;
    return response;
  };
  const query = (via: Instance, path: string) =>
    via.send('GET', `${path}${path.includes('?') ? '&' : '?'}minPosition=${lastPosition}`, { role: 'analyst' });
  const statuses = async (via: Instance) => {
    const response = await via.send('GET', '/admin/projections', { role: 'admin' });
    return Object.fromEntries(response.body.projections.map((p: { name: string; status: string }) => [p.name, p.status]));
  };
  const all = (status: string) => Object.fromEntries(PROJECTIONS.map((name) => [name, status]));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-instances-'));
    target = testSchema();
    const env = { READ_STORE: 'postgres', SQLITE_PATH: join(dir, 'ledger.db') };
    first = await startInstance('first', { ...env, DATABASE_URL: `${target.url}&application_name=first` });
    second = await startInstance('second', { ...env, DATABASE_URL: `${target.url}&application_name=second` });
  }, 60_000);
  afterAll(async () => {
    await first?.kill();
    await second?.stop();
    await target.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the first instance runs every projection and reactor; the second stands by', async () => {
    expect([await statuses(first), await statuses(second)]).toEqual([all('running'), all('standby')]);
  });

  it('takes commands through both, and the standby answers read-your-writes', async () => {
    await command(first, '/managers', { managerId: 'lead', name: 'Lea Lead', role: 'sales_manager', territory: 'East' });
    await command(second, '/managers', { managerId: 'm1', name: 'Max One', role: 'account_manager', territory: 'East', reportsTo: 'lead', capacity: 2 });
    await command(first, '/managers', { managerId: 'm2', name: 'Mia Two', role: 'account_manager', territory: 'West', reportsTo: 'lead', capacity: 1 });
    for (const [index, [accountId, region, sector, managerId]] of [['A', 'EMEA', 'retail', 'm1'], ['B', 'EMEA', 'software', 'm1'], ['C', 'AMER', 'retail', 'm2']].entries()) {
      const via = index % 2 === 0 ? second : first;
      await command(via, '/accounts', { accountId, name: `Account ${accountId}`, region, sector });
      await command(via, `/accounts/${accountId}/assignment`, { managerId });
    }
    await command(second, '/accounts/B/reassignment', { toManagerId: 'm2', reason: 'Rebalance' });
    const response = await query(second, '/accounts?managerId=m2');
    expect(response.body.items.map((item: { accountId: string }) => item.accountId)).toEqual(['B', 'C']);
  });

  it('replays an idempotent command on the other instance: the key is shared in PostgreSQL', async () => {
    const body = { dealId: 'd1', accountId: 'A', managerId: 'm1', openedAt: '2017-01-15' };
    const original = await command(first, '/deals', body, { 'Idempotency-Key': 'open-d1' });
    const retry = await command(second, '/deals', body, { 'Idempotency-Key': 'open-d1' });
    expect([retry.status, retry.headers.get('idempotent-replayed'), retry.body]).toEqual([original.status, 'true', original.body]);
  });

  it('hands everything over within seconds when the holder is SIGKILLed', async () => {
    await command(second, '/deals/d1/closure', { outcome: 'won', amount: '1000.00', closedAt: '2017-02-10' });
    const deals: Array<[string, string, string, 'won' | 'lost' | null, string, string]> = [
      ['d2', 'B', 'm1', 'won', '500.00', '2017-03-20'],
      ['d3', 'C', 'm2', 'won', '250.00', '2017-05-05'],
      ['d4', 'A', 'm1', 'lost', '0', '2017-04-01'],
    ];
    for (const [index, [dealId, accountId, managerId, outcome, amount, closedAt]] of deals.entries()) {
      const via = index % 2 === 0 ? first : second;
      await command(via, '/deals', { dealId, accountId, managerId, openedAt: '2017-01-15' });
      await command(via, `/deals/${dealId}/closure`, { outcome, amount, closedAt });
    }
    await first.kill();
    const killedAt = Date.now();
    const deadline = killedAt + 15_000;
    while (JSON.stringify(await statuses(second)) !== JSON.stringify(all('running')) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const takeoverMs = Date.now() - killedAt;
    if (process.env.SHOW_TAKEOVER) process.stdout.write(`takeover after SIGKILL: ${takeoverMs} ms\n`);
    expect([await statuses(second), takeoverMs < 10_000]).toEqual([all('running'), true]);
  }, 30_000);

  it('carries on after the takeover: the offboarding reassigns through the reactor it took over', async () => {
    await command(second, '/deals', { dealId: 'd5', accountId: 'C', managerId: 'm2', openedAt: '2017-01-15' });
    await command(second, '/accounts/A/key-designation', { effectiveFrom: '2017-01-01' });
    await command(second, '/accounts/C/key-designation', { effectiveFrom: '2017-05-10' });
    await command(second, '/managers/m2/offboarding', { reason: 'Left', successorId: 'm1' });
    const deadline = Date.now() + 10_000;
    let portfolio: string[] = [];
    while (Date.now() < deadline) {
      portfolio = (await second.send('GET', '/managers/m1', { role: 'analyst' })).body.portfolio.map((a: { accountId: string }) => a.accountId);
      if (portfolio.length === 3) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(portfolio).toEqual(['A', 'B', 'C']);
  }, 15_000);

  it('answers the hand-computed key-account share', async () => {
    const response = await query(second, '/analytics/key-account-share?from=2017-01-01&to=2017-12-31&groupBy=quarter');
    expect(response.body).toEqual({
      currency: 'USD',
      total: { wonValue: '1750.00', keyWonValue: '1000.00', share: 0.5714 },
      periods: [
        { period: '2017-Q1', wonValue: '1500.00', keyWonValue: '1000.00', share: 0.6667 },
        { period: '2017-Q2', wonValue: '250.00', keyWonValue: '0.00', share: 0 },
      ],
    });
  });

  it('answers the hand-computed workloads: m1 holds all three accounts, over capacity', async () => {
    const response = await query(second, '/analytics/manager-workloads');
    const figures = response.body.managers.map((m: Record<string, unknown>) =>
      [m.managerId, m.status, m.accounts, m.keyAccounts, m.openDeals, m.wonDeals, m.wonValue, m.utilisation, m.overCapacity]);
    expect(figures).toEqual([
      ['lead', 'active', 0, 0, 0, 0, '0.00', null, false],
      ['m1', 'active', 3, 2, 0, 2, '1500.00', 1.5, true],
      ['m2', 'offboarded', 0, 0, 1, 1, '250.00', 0, false],
    ]);
  });

  it('leaves every read model equal, row for row, to a clean rebuild of the log', async () => {
    const log = new SqliteEventStore({ path: join(dir, 'ledger.db') });
    const readStore = await PostgresReadStore.open({ url: target.url });
    try {
      expect(await dumpReadModels(readStore)).toEqual(await cleanRebuild(log));
    } finally {
      await readStore.close();
      await log.close();
    }
  });
});
