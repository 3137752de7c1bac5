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
