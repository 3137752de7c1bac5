import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { Role } from '@ledger/http-kit';
import { TEST_KEYS, TestResponse } from './test-app';

const ROOT = join(__dirname, '..', '..');

/** One instance of the service in a child process, which a test can SIGKILL. */
export interface Instance {
  readonly name: string;
  readonly child: ChildProcess;
  send(method: string, path: string, options?: { body?: unknown; role?: Role; headers?: Record<string, string> }): Promise<TestResponse>;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts an instance and resolves once it listens (its projections have started by then). */
export async function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, ['-r', './test/support/swc-register.js', 'test/support/instance-main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`instance ${name} exited with ${code} before listening`)));
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const exited = once(child, 'exit');
  return {
    name,
    child,
    send: async (method, path, options = {}) => {
      const headers: Record<string, string> = { authorization: `Bearer ${TEST_KEYS[options.role ?? 'service']}`, ...options.headers };
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${baseUrl}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
