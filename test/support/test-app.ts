import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { ApiKey, parseApiKeys, Role } from '@ledger/http-kit';
import { createApp } from '../../src/bootstrap';
import { loadConfig } from '../../src/config';

/** Fixed keys, one per role, so tests read like requests a caller would send. */
export const TEST_KEYS: Record<Role, string> = {
  service: 'service-key-for-tests',
  analyst: 'analyst-key-for-tests',
  auditor: 'auditor-key-for-tests',
  admin: 'admin-key-for-tests',
};

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly baseUrl: string;
  readonly store: EventStore;
  readonly sqlitePath: string;
  /** Sends a request over real HTTP; JSON bodies by default, raw strings as given. */
  send(method: string, path: string, options?: SendOptions): Promise<TestResponse>;
  /** The log's head position, as a string ('none' when empty), to prove that nothing was written. */
  head(): Promise<string>;
  close(): Promise<void>;
}

export interface SendOptions {
  readonly body?: unknown;
  readonly rawBody?: string;
  readonly role?: Role | 'none';
  readonly key?: string;
  readonly headers?: Record<string, string>;
}

export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
}

export interface StartOptions {
  readonly env?: Record<string, string>;
  /** Reuse this database (a restart); the caller then owns the file. Default: a fresh temp file. */
  readonly sqlitePath?: string;
  /** false: no read models or reactors run (as in the CLI). */
  readonly runProjections?: boolean;
}

/** Starts the real application on a SQLite file (fresh by default) and an ephemeral port. */
export async function startTestApp({ env = {}, sqlitePath: given, runProjections }: StartOptions = {}): Promise<TestApp> {
  const dir = given ? undefined : mkdtempSync(join(tmpdir(), 'ledger-e2e-'));
  const sqlitePath = given ?? join(dir!, 'ledger.db');
  const apiKeys: ApiKey[] = parseApiKeys(Object.entries(TEST_KEYS).map(([role, key]) => `${role}:${key}`).join(','));
  const config = loadConfig({ SQLITE_PATH: sqlitePath, LOG_LEVEL: 'silent', ...env });
  const app = await createApp(config, apiKeys, { runProjections });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const store = app.get<EventStore>(EVENT_STORE);

  return {
    app,
    baseUrl,
    store,
    sqlitePath,
    send: (method, path, options = {}) => send(baseUrl, method, path, options),
    head: async () => String((await store.headPosition()) ?? 'none'),
    close: async () => {
      await app.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function send(baseUrl: string, method: string, path: string, options: SendOptions): Promise<TestResponse> {
  const headers: Record<string, string> = { ...options.headers };
  const role = options.role ?? 'service';
  if (options.key !== undefined) headers.authorization = `Bearer ${options.key}`;
  else if (role !== 'none') headers.authorization = `Bearer ${TEST_KEYS[role]}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
