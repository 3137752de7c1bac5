import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { parseApiKeys } from '@ledger/http-kit';
import { createApp } from '../src/bootstrap';
import { loadConfig } from '../src/config';
import { eventually, TEST_KEYS } from './support/test-app';

// A file of its own: nestjs-pino keeps one pino-http instance per process, made by the first app
// that logs, so the app whose lines are read here must be the only one in its Jest module registry.
describe('logs', () => {
  const lines: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'ledger-logs-'));
  let app: NestFastifyApplication;
  let baseUrl: string;

  beforeAll(async () => {
    const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(...String(chunk).split('\n').filter(Boolean)), done()) });
    const config = loadConfig({ SQLITE_PATH: join(dir, 'ledger.db'), LOG_LEVEL: 'info' });
    app = await createApp(config, parseApiKeys(`auditor:${TEST_KEYS.auditor},service:${TEST_KEYS.service}`), { logDestination: sink });
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => jest.restoreAllMocks());

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${TEST_KEYS.auditor}`, ...headers } });
  const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, any>);
  /** Messages of the lines of one request, once its closing line is written (after the answer leaves). */
  const messagesOf = (correlationId: string | null) =>
    eventually(async () => {
      const messages = parsed().filter((line) => line.correlationId === correlationId).map((line) => line.msg as string);
      return messages.some((message) => message.startsWith('request ')) ? messages : undefined;
    });

  it('puts the correlation id on every line logged while the request is handled', async () => {
    // A fault inside the handler, so that the app logs in the middle of the request.
    jest.spyOn(app.get<EventStore>(EVENT_STORE), 'readStream').mockRejectedValue(new TypeError('a bug'));
    await (await get('/accounts/acme/state', { 'x-correlation-id': 'corr-logs-1' })).text();
    expect(await messagesOf('corr-logs-1')).toEqual(['Unhandled error', 'request errored']);
  });

  it('puts it on those lines for a command too, whose body is read before it is handled', async () => {
    jest.spyOn(app.get<EventStore>(EVENT_STORE), 'appendToStream').mockRejectedValue(new TypeError('a bug'));
    const response = await fetch(`${baseUrl}/managers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_KEYS.service}`, 'content-type': 'application/json', 'x-correlation-id': 'corr-logs-2' },
      body: JSON.stringify({ name: 'Ann', role: 'account_manager', territory: 'Central' }),
    });
    expect(response.status).toBe(500);
    expect(await messagesOf('corr-logs-2')).toEqual(['Unhandled error', 'request errored']);
  });

  it('uses the generated correlation id, the one the answer carries, when none is sent', async () => {
    const response = await get('/audit/verify');
    await response.text();
    const id = response.headers.get('x-correlation-id');
    expect(await messagesOf(id)).toEqual(['request completed']);
  });

  it('writes every line as JSON naming the service', () => {
    expect(parsed().filter((line) => line.service !== 'key-account-ledger').length).toBe(0);
  });

  it('never writes the API key', () => {
    expect(lines.some((line) => line.includes(TEST_KEYS.auditor) || line.includes(TEST_KEYS.service))).toBe(false);
  });
});
