import { READ_STORE, ReadStore } from '@ledger/projections';
import { READ_MODELS } from '../src/read-model-catalog';
import { eventually, startTestApp, TestApp } from './support/test-app';

/** The value of the one series `name{labels}` (labels exactly as given) in a Prometheus text answer. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((pair) => [pair[1], pair[2]]));
    if (JSON.stringify(Object.entries(found).sort()) === JSON.stringify(Object.entries(labels).sort())) return Number(match[3]);
  }
  return undefined;
}

describe('observability: GET /metrics', () => {
  let app: TestApp;
  let metrics: string;
  const scrape = async () => (await app.send('GET', '/metrics', { role: 'admin' })).body as string;

  beforeAll(async () => {
    app = await startTestApp();
    await app.send('POST', '/accounts', { body: { accountId: 'acme', name: 'Acme' } });
    await app.send('POST', '/accounts', { body: { accountId: 'globex', name: 'Globex' } });
    await app.send('POST', '/accounts', { body: { accountId: 'acme', name: 'Acme again' } });
    await app.send('POST', '/accounts/acme/assignment', { body: { managerId: 'nobody' } });
    await app.send('GET', '/no-such-route', { role: 'analyst' });
    // Projection gauges are read on scrape: wait until every read model has caught up.
    metrics = await eventually(async () => {
      const text = await scrape();
      return READ_MODELS.every(({ name }) => sample(text, 'ledger_projection_lag_events', { projection: name }) === 0) ? text : undefined;
    });
  });
  afterAll(() => app.close());

  it('answers in the Prometheus text format', async () => {
    const response = await app.send('GET', '/metrics', { role: 'admin' });
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  });

  it('counts commands that succeeded by type', () => {
    expect(sample(metrics, 'ledger_commands_total', { command: 'OpenAccount', outcome: 'ok' })).toBe(2);
  });

  it('counts refused commands with the status and code they answered with', () => {
    expect([
      sample(metrics, 'ledger_commands_total', { command: 'OpenAccount', outcome: 'refused', status: '409', code: 'account-already-opened' }),
      sample(metrics, 'ledger_commands_total', { command: 'AssignAccount', outcome: 'refused', status: '404', code: 'manager-not-found' }),
    ]).toEqual([1, 1]);
  });

  it('times each append, and only appends that happened', () => {
    expect(sample(metrics, 'ledger_event_store_append_duration_seconds_count', { outcome: 'ok' })).toBe(2);
  });

  it('counts the events written by type', () => {
    expect(sample(metrics, 'ledger_events_appended_total', { type: 'AccountOpened' })).toBe(2);
  });

  it('times HTTP requests by route pattern and status', () => {
    expect([
      sample(metrics, 'ledger_http_request_duration_seconds_count', { method: 'POST', route: '/accounts', status: '201' }),
      sample(metrics, 'ledger_http_request_duration_seconds_count', { method: 'POST', route: '/accounts/:id/assignment', status: '404' }),
    ]).toEqual([2, 1]);
  });

  it('puts requests that matched no route under one label', () => {
    expect(sample(metrics, 'ledger_http_request_duration_seconds_count', { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
  });

  it("reports each projection's state, checkpoint and throughput", () => {
    const name = 'account-directory';
    expect([
      sample(metrics, 'ledger_projection_status', { projection: name, status: 'running' }),
      sample(metrics, 'ledger_projection_status', { projection: name, status: 'failed' }),
      sample(metrics, 'ledger_projection_checkpoint', { projection: name }),
      sample(metrics, 'ledger_projection_lag_seconds', { projection: name }),
      (sample(metrics, 'ledger_projection_events_per_second', { projection: name }) ?? -1) >= 0,
    ]).toEqual([1, 0, 2, 0, true]);
  });

  it('includes the process metrics', () => {
    expect((sample(metrics, 'process_resident_memory_bytes') ?? 0) > 1024 * 1024).toBe(true);
  });
});

describe('observability: GET /health/ready', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp()));
  afterAll(() => app.close());
  afterEach(() => jest.restoreAllMocks());

  const running = (names: string[]) => Object.fromEntries(names.map((name) => [name, 'running']));

  it('reports both stores and every projection when all is well', async () => {
    const response = await app.send('GET', '/health/ready', { role: 'none' });
    const projections = Object.keys(response.body.projections);
    expect([response.status, response.body]).toEqual([
      200,
      { status: 'ok', eventStore: { status: 'ok', head: null }, readStore: { status: 'ok' }, projections: running(projections) },
    ]);
  });

  it('reports every read model of the service', async () => {
    const response = await app.send('GET', '/health/ready', { role: 'none' });
    expect(Object.keys(response.body.projections)).toEqual(expect.arrayContaining(READ_MODELS.map((model) => model.name)));
  });

  it('answers 503 problem+json naming the event store when it does not answer, without its error', async () => {
    jest.spyOn(app.store, 'headPosition').mockRejectedValue(new Error('disk /secret/path is gone'));
    const response = await app.send('GET', '/health/ready', { role: 'none' });
    expect([response.status, response.body.code, response.body.checks.eventStore, response.body.checks.readStore, JSON.stringify(response.body).includes('secret')])
      .toEqual([503, 'not-ready', { status: 'unavailable' }, { status: 'ok' }, false]);
  });

  it('answers 503 when the read store does not answer', async () => {
    jest.spyOn(app.app.get<ReadStore>(READ_STORE), 'generations').mockRejectedValue(new Error('connection refused'));
    const response = await app.send('GET', '/health/ready', { role: 'none' });
    expect([response.status, response.body.checks.readStore, response.headers.get('retry-after')]).toEqual([503, { status: 'unavailable' }, '5']);
  });

  it('answers 503 when a store hangs, once the readiness deadline has passed', async () => {
    jest.spyOn(app.store, 'headPosition').mockReturnValue(new Promise(() => undefined));
    const response = await app.send('GET', '/health/ready', { role: 'none' });
    expect(response.status).toBe(503);
  });

  // Last: the poison event leaves the directory failed for the rest of this app's life.
  it('stays ready but says degraded when a projection has failed', async () => {
    await app.store.appendToStream('account-ghost', [{
      id: '2c7e9d41-0b5a-4f3e-9a61-8d2f4c7b1e09',
      type: 'AccountAssigned',
      data: { accountId: 'ghost', managerId: 'm1', occurredAt: '2017-01-01T00:00:00.000Z' },
      metadata: { actor: { role: 'service', keyId: 'test' }, correlationId: 'poison', causationId: 'poison' },
    }]);
    const response = await eventually(async () => {
      const answer = await app.send('GET', '/health/ready', { role: 'none' });
      return answer.body.projections['account-directory'] === 'failed' ? answer : undefined;
    });
    expect([response.status, response.body.status, response.body.eventStore.head]).toEqual([200, 'degraded', '1']);
  });
});
