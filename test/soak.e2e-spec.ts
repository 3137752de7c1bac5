import type { RecordedEvent } from '@ledger/event-store';
import { ProjectionSupervisor } from '@ledger/projections';
import { onboardManager, openAccount } from './support/fixtures';
import { accountsFromLog, directoryFacts, offboardedManagers, sortedAccounts } from './support/log-derived';
import { accountRuleViolations, crossStreamRaces, dealRuleViolations, managerRuleViolations } from './support/log-invariants';
import { waitForReadModels } from './support/read-model-status';
import { runSoak, SoakRequest, SoakWorld } from './support/soak-workload';
import { eventually, startTestApp, TestApp } from './support/test-app';
import { integrityProblems, readAllEvents } from './support/whole-log';

const CLIENTS = 20;
const DURATION_MS = 8000;
const SEED = 20261129;
const world: SoakWorld = {
  accounts: ['a0', 'a1', 'a2', 'a3', 'a4'],
  managers: ['m0', 'm1', 'm2', 'm3', 'm4', 'm5'],
  deals: Array.from({ length: 20 }, (_, n) => `d${n}`),
  closable: ['a3', 'a4'],
  // Successors are drawn from every manager, leavers included: two leavers may name each other.
  leavers: ['m3', 'm4', 'm5'],
};

describe(`soak: ${CLIENTS} clients, conflicting commands on ${world.accounts.length} accounts and ${world.managers.length} managers`, () => {
  let app: TestApp;
  let requests: SoakRequest[];
  let log: RecordedEvent[];

  beforeAll(async () => {
    app = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '1000000' } });
    for (const managerId of world.managers) await onboardManager(app, managerId);
    for (const accountId of world.accounts) await openAccount(app, accountId);
    requests = await runSoak(app, world, { clients: CLIENTS, durationMs: DURATION_MS, seed: SEED });
    // The offboarding process has caught up once it has handled the head and wrote nothing more.
    const process = app.app.get(ProjectionSupervisor).runner('offboarding-process');
    await eventually(async () => {
      const head = await app.store.headPosition();
      return process.checkpoint() === head && (await app.store.headPosition()) === head ? head : undefined;
    }, 15_000);
    log = await readAllEvents(app.store);
    const statuses: Record<string, number> = {};
    for (const { response } of requests) statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    const codes: Record<string, number> = {};
    for (const { response } of requests.filter((r) => r.response.status >= 400)) codes[response.body.code] = (codes[response.body.code] ?? 0) + 1;
    console.log(`Soak: ${requests.length} requests in ${DURATION_MS} ms by ${CLIENTS} clients; statuses ${JSON.stringify(statuses)}; ` +
      `refusals ${JSON.stringify(codes)}; ${log.length} events; offboarded ${[...offboardedManagers(log)].join(', ') || 'none'}; ` +
      `cross-stream races ${JSON.stringify(crossStreamRaces(log))}`);
  }, 60_000);
  afterAll(() => app.close());

  it('answers no request with a 5xx', () => {
    expect(requests.filter(({ response }) => response.status >= 500).map(({ op, response }) => [op, response.status, response.body])).toEqual([]);
  });

  it('answers every refusal with problem+json and a code', () => {
    const refusals = requests.filter(({ response }) => response.status >= 400);
    const malformed = refusals.filter(({ response }) =>
      !response.headers.get('content-type')?.startsWith('application/problem+json') || typeof response.body?.code !== 'string');
    expect(malformed.map(({ op, response }) => [op, response.status])).toEqual([]);
  });

  it('holds an event at the position each acknowledged command answered', () => {
    const positions = new Set(log.map((event) => String(event.position)));
    const acknowledged = requests.filter(({ response }) => response.status < 300);
    expect(acknowledged.filter(({ response }) => !positions.has(response.body.position)).map(({ op }) => op)).toEqual([]);
  });

  it('holds no event id twice, no revision twice and no gap in any stream', () => {
    expect(integrityProblems(log)).toEqual([]);
  });

  it('never let an account have two managers, a reassignment start from another than the current one, or an event follow its closure', () => {
    expect(accountRuleViolations(log)).toEqual([]);
  });

  it('opened each deal once and closed it at most once', () => {
    expect(dealRuleViolations(log)).toEqual([]);
  });

  it('recorded nothing on a manager after the offboarding', () => {
    expect(managerRuleViolations(log)).toEqual([]);
  });

  it('leaves no open account with an offboarded manager once the offboarding process has caught up', () => {
    const offboarded = offboardedManagers(log);
    const stranded = [...accountsFromLog(log).values()].filter((account) => account.status === 'open' && offboarded.has(account.managerId ?? ''));
    expect(stranded).toEqual([]);
  });

  it('shows in the directory exactly the accounts of the log once the read models have caught up', async () => {
    await waitForReadModels(app.send);
    const directory = await app.send('GET', '/accounts?limit=500', { role: 'analyst' });
    expect(directoryFacts(directory.body.items)).toEqual(sortedAccounts(accountsFromLog(log)));
  });
});
