import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Role } from '@ledger/http-kit';
import { TEST_KEYS } from './test-app';

const WORKER = join(__dirname, 'service-worker.ts');
/** tsx cannot run Nest (esbuild emits no decorator metadata): the CLI tests' swc hook can. */
const REGISTER_TS = join(__dirname, 'swc-register.js');

export interface ServiceProcess {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  /** Every line the service printed so far (pino JSON lines and the worker's own). */
  readonly lines: string[];
  /** Resolves with how the process ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once `count` printed lines match `pattern`; rejects after `timeoutMs`. */
  waitForLines(pattern: RegExp, count?: number, timeoutMs?: number): Promise<void>;
  send(method: string, path: string, options?: CallOptions): Promise<CallResult>;
}

export interface CallOptions {
  readonly body?: unknown;
  readonly role?: Role;
  readonly headers?: Record<string, string>;
}

/** An answer, or the network error of a request the service never answered (killed, or not listening). */
export type CallResult =
  | { readonly status: number; readonly headers: Headers; readonly body: any }
  | { readonly status: 'no-answer'; readonly error: string };

/** Starts src/main.ts on `sqlitePath` in a child process and resolves once it listens. */
export async function startService(sqlitePath: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', REGISTER_TS, WORKER], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      SQLITE_PATH: sqlitePath,
      PORT: String(port),
      API_KEYS: Object.entries(TEST_KEYS).map(([role, key]) => `${role}:${key}`).join(','),
      LOG_LEVEL: 'info',
      ...env,
    },
  });
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const complete = text.split('\n');
    partial = complete.pop()!;
    lines.push(...complete);
    listeners.forEach((listener) => listener());
  });
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  const waitForLines = (pattern: RegExp, count = 1, timeoutMs = 30_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (lines.filter((line) => pattern.test(line)).length < count) return;
        cleanUp();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanUp();
        reject(new Error(`Service did not print ${count} line(s) matching ${pattern} within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanUp = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });
  const baseUrl = `http://127.0.0.1:${port}`;
  const service: ServiceProcess = { child, baseUrl, lines, exited, waitForLines, send: (method, path, options) => call(baseUrl, method, path, options) };
  await Promise.race([
    waitForLines(/Listening on/),
    exited.then(({ code }) => Promise.reject(new Error(`service exited with ${code} before listening`))),
  ]);
  return service;
}

async function call(baseUrl: string, method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { authorization: `Bearer ${TEST_KEYS[options.role ?? 'service']}`, ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? parseJson(text) : undefined };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { status: 'no-answer', error: cause?.code ?? cause?.message ?? String(error) };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A port nobody listens on right now (the OS picks it). */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}
