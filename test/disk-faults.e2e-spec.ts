import { Logger } from '@nestjs/common';
import { SqliteEventStore } from '@ledger/event-store';
import { onboardManager, openAccount } from './support/fixtures';
import { accountsFromLog, directoryFacts, sortedAccounts } from './support/log-derived';
import { projectionStates, waitForReadModels } from './support/read-model-status';
import { eventually, startTestApp, TestApp, TestResponse } from './support/test-app';
import { eventsPerIdempotencyKey, readAllEvents } from './support/whole-log';

/*
 * Tests run as root, for whom file modes restrict nothing: the app's own connection stands in for
 * the disk. `query_only` refuses writes as a read-only file or a disk remounted read-only does
 * (SQLITE_READONLY); `max_page_count` at the file's size refuses growth as a full disk does
 * (SQLITE_FULL).
 */
const database = (app: TestApp) => (app.store as SqliteEventStore).database;
const readOnly = (app: TestApp, on: boolean) => database(app).pragma(`query_only = ${on ? 'ON' : 'OFF'}`);

/** What a caller needs from a refusal of an unavailable store. */
const refusal = (response: TestResponse) => [
  response.status,
  response.headers.get('content-type'),
  response.body?.code,
  response.headers.get('retry-after'),
];
const UNAVAILABLE = [503, 'application/problem+json; charset=utf-8', 'event-store-unavailable', '2'];

/** Warnings the service logged, as text. */
function warnings(spy: jest.SpyInstance): string[] {
  return spy.mock.calls.map((args) => args.map((arg: unknown) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '));
}

/** One command of each kind, in an order in which each is accepted once the database is writable. */
const COMMANDS: Array<[string, Record<string, unknown>]> = [
  ['/managers', { managerId: 'ro-manager', name: 'Read Only', role: 'account_manager', territory: 'Central' }],
  ['/managers/holder/capacity', { capacity: 5 }],
  ['/managers/idle/offboarding', { reason: 'Left' }],
  ['/accounts', { accountId: 'ro-account', name: 'Read Only Ltd' }],
  ['/accounts/held/key-designation', {}],
  ['/deals', { dealId: 'ro-deal', accountId: 'held', managerId: 'holder' }],
  ['/deals/open-deal/closure', { outcome: 'lost' }],
  ['/accounts/held/reassignment', { toManagerId: 'spare', reason: 'Realignment' }],
  ['/accounts/held/closure', { reason: 'Churned' }],
];

describe('commands against a read-only database', () => {
  let app: TestApp;
  let warn: jest.SpyInstance;
  let responses: TestResponse[];
  let headBefore: string;
  let headAfter: string;
  const send = (app: TestApp, [path, body]: [string, Record<string, unknown>], index: number) =>
    app.send('POST', path, { body, headers: { 'idempotency-key': `read-only-${index}` } });

  beforeAll(async () => {
    app = await startTestApp();
    await onboardManager(app, 'holder');
    await onboardManager(app, 'spare');
    await onboardManager(app, 'idle');
    await openAccount(app, 'held', 'holder');
    await app.send('POST', '/deals', { body: { dealId: 'open-deal', accountId: 'held', managerId: 'holder' } });
    await waitForReadModels(app.send);
    warn = jest.spyOn(Logger.prototype, 'warn');
    headBefore = await app.head();
    readOnly(app, true);
    responses = [];
    for (const [index, command] of COMMANDS.entries()) responses.push(await send(app, command, index));
    headAfter = await app.head();
  });
  afterAll(async () => {
    warn.mockRestore();
    await app.close();
  });

  it('answers every command 503 problem+json with its code and Retry-After', () => {
    expect(responses.map(refusal)).toEqual(COMMANDS.map(() => UNAVAILABLE));
  });

  it('writes nothing', () => {
    expect(headAfter).toBe(headBefore);
  });

  it('logs each refusal with a warning that names SQLITE_READONLY', () => {
    expect(warnings(warn).filter((line) => line.includes('Refused with 503') && line.includes('SQLITE_READONLY')).length).toBe(COMMANDS.length);
  });

  it('keeps answering health and queries', async () => {
    const [live, accounts] = [await app.send('GET', '/health/live', { role: 'none' }), await app.send('GET', '/accounts', { role: 'analyst' })];
    expect([live.status, accounts.status]).toEqual([200, 200]);
  });

  it('accepts the same commands, retried with their keys, once writable again, and writes each once', async () => {
    readOnly(app, false);
    const retried = [];
    for (const [index, command] of COMMANDS.entries()) retried.push((await send(app, command, index)).status);
    const counts = eventsPerIdempotencyKey(await readAllEvents(app.store));
    expect([retried, COMMANDS.map((_, index) => counts.get(`read-only-${index}`))])
      .toEqual([[201, 200, 200, 201, 200, 201, 200, 200, 200], COMMANDS.map(() => 1)]);
  });
});

/** Another process (the CLI, say) opens `count` accounts in the same file; resolves with the last position. */
async function openAccountsElsewhere(path: string, count: number): Promise<bigint> {
  const other = new SqliteEventStore({ path });
  let position = 0n;
  for (let n = 0; n < count; n++) {
    ({ position } = await other.appendToStream(`account-elsewhere-${n}`, [{
      id: `0b7e9c1a-3f52-4d8e-9a61-${n.toString(16).padStart(12, '0')}`,
      type: 'AccountOpened',
      data: { accountId: `elsewhere-${n}`, name: `Elsewhere ${n}`, sector: null, region: null, country: null, parentAccountId: null,
        annualRevenueMinor: null, currency: null, employees: null, occurredAt: '2026-01-05T00:00:00.000Z' },
      metadata: { actor: { role: 'service', keyId: 'other-process' }, correlationId: 'other', causationId: 'other' },
    }], { expectedRevision: 'no_stream' }));
  }
  await other.close();
  return position;
}

const READ_MODELS = ['account-directory', 'key-account-share', 'manager-workloads', 'account-streams'];

/** The fault, the code it must be reported with, how to cause it and fix it, and who stops on it. */
const FAULTS: Array<[string, string, (app: TestApp) => void, (app: TestApp) => void, string[]]> = [
  ['turns read-only', 'SQLITE_READONLY', (app) => readOnly(app, true), (app) => readOnly(app, false), [...READ_MODELS, 'offboarding-process']],
  [
    'has no room left',
    'SQLITE_FULL',
    (app) => database(app).pragma(`max_page_count = ${database(app).pragma('page_count', { simple: true })}`),
    (app) => database(app).pragma('max_page_count = 1073741823'),
    // The reactor commits only its checkpoint, an update in place that needs no new page.
    READ_MODELS,
  ],
];

describe.each(FAULTS)('read models when their database %s while another process appends', (what, code, fault, fix, stopping) => {
  /** Enough accounts that their directory rows need pages the file does not have yet. */
  const ACCOUNTS = 200;
  let app: TestApp;
  let headBefore: bigint;
  let last: bigint;
  let failed: Awaited<ReturnType<typeof projectionStates>>;

  beforeAll(async () => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    app = await startTestApp();
    await openAccount(app, 'before');
    await waitForReadModels(app.send);
    headBefore = BigInt(await app.head());
    fault(app);
    last = await openAccountsElsewhere(app.sqlitePath, ACCOUNTS);
    // Settled: each one failed or applied everything (a commit that only moves a checkpoint needs no room).
    const settled = await eventually(async () => {
      const states = await projectionStates(app.send);
      return states.every((state) => state.status === 'failed' || state.checkpoint === String(last)) ? states : undefined;
    });
    failed = settled.filter((state) => state.status === 'failed');
    console.log(`Database that ${what}: ${failed.length} of ${settled.length} stopped as failed: ${failed.map((state) => state.name).join(', ')}`);
  });
  afterAll(async () => {
    await app.close();
    jest.restoreAllMocks();
  });

  it(`stops as failed each consumer that had to write, naming ${code} and an event it could not commit`, () => {
    expect(failed.map((state) => [state.name, state.failure?.error.split(':')[0], BigInt(state.failure!.position) > headBefore]))
      .toEqual(stopping.map((name) => [name, code, true]));
  });

  it('answers a query that waits for the new events with 503 read-model-failed at once', async () => {
    const started = Date.now();
    const response = await app.send('GET', `/accounts?minPosition=${last}`, { role: 'analyst' });
    expect([response.status, response.body.code, Date.now() - started < 3000]).toEqual([503, 'read-model-failed', true]);
  });

  it('keeps serving', async () => {
    expect((await app.send('GET', '/health/live', { role: 'none' })).status).toBe(200);
  });

  it('catches up with exactly the log once fixed and restarted', async () => {
    fix(app);
    for (const { name } of failed) await app.send('POST', `/admin/projections/${name}/restart`, { role: 'admin' });
    await waitForReadModels(app.send);
    const directory = await app.send('GET', '/accounts?limit=500', { role: 'analyst' });
    expect(directoryFacts(directory.body.items)).toEqual(sortedAccounts(accountsFromLog(await readAllEvents(app.store))));
  });
});

describe('a full disk', () => {
  /** The first command is refused after at most this many: the file has little room left. */
  const MAX_COMMANDS = 2000;
  let app: TestApp;
  let warn: jest.SpyInstance;
  let accepted: number;
  let refused: TestResponse;
  let headBefore: string;
  let headAfter: string;
  const open = (n: number) => app.send('POST', '/accounts', { body: { accountId: `full-${n}`, name: `Account ${n}` }, headers: { 'idempotency-key': `full-${n}` } });

  beforeAll(async () => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    warn = jest.spyOn(Logger.prototype, 'warn');
    app = await startTestApp();
    database(app).pragma(`max_page_count = ${database(app).pragma('page_count', { simple: true })}`);
    for (accepted = 0; accepted < MAX_COMMANDS; accepted++) {
      headBefore = await app.head();
      const response = await open(accepted);
      if (response.status !== 201) {
        refused = response;
        break;
      }
    }
    headAfter = await app.head();
    const stopped = (await projectionStates(app.send)).filter((state) => state.status === 'failed');
    console.log(`Full disk: ${accepted} accounts opened before the first refusal; read models stopped by it: ` +
      `${stopped.map((state) => `${state.name} (${state.failure?.error})`).join(', ') || 'none'}`);
  });
  afterAll(async () => {
    await app.close();
    jest.restoreAllMocks();
  });

  it('refuses the command that needs more room with 503 problem+json, its code and Retry-After', () => {
    expect(refusal(refused)).toEqual(UNAVAILABLE);
  });

  it('writes nothing for it', async () => {
    expect([headAfter, await app.store.readStream(`account-full-${accepted}`)]).toEqual([headBefore, []]);
  });

  it('logs a warning that names SQLITE_FULL', () => {
    expect(warnings(warn).some((line) => line.includes('Refused with 503') && line.includes('SQLITE_FULL'))).toBe(true);
  });

  it('accepts the command, retried with its key, once space is freed, and writes it once', async () => {
    database(app).pragma('max_page_count = 1073741823');
    const retried = await open(accepted);
    expect([retried.status, (await app.store.readStream(`account-full-${accepted}`)).length]).toEqual([201, 1]);
  });

  it('brings read models that the full disk stopped back to the log once restarted', async () => {
    database(app).pragma('max_page_count = 1073741823');
    const states = await projectionStates(app.send);
    for (const { name } of states.filter((state) => state.status === 'failed')) {
      await app.send('POST', `/admin/projections/${name}/restart`, { role: 'admin' });
    }
    await waitForReadModels(app.send);
    const directory = await app.send('GET', '/accounts?limit=500', { role: 'analyst' });
    expect(directoryFacts(directory.body.items)).toEqual(sortedAccounts(accountsFromLog(await readAllEvents(app.store))));
  });
});
