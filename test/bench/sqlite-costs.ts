/**
 * Where a command's SQLite time goes, statement by statement, in the service's own process:
 *   node -r ./test/support/swc-register.js test/bench/sqlite-costs.ts [requests]
 * Builds the benchmark's quick world, starts the app in this process (bench endpoints included),
 * sends the bare request and then the command mix one at a time through Fastify's inject (no
 * sockets, no load generator sharing the cores), and prints for each the wall and CPU time per
 * request, then the SQL statements the mix ran, by time spent per command. better-sqlite3's
 * Statement methods are wrapped for that: the figures include the wrapper's few microseconds.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@ledger/event-store';
import { parseApiKeys } from '@ledger/http-kit';
import { createApp } from '../../src/bootstrap';
import { loadConfig } from '../../src/config';
import { bareRequest } from './measures/commands.measure';
import { QUICK } from './support/bench-sizes';
import { BenchModule } from './support/bench.module';
import { writeWorld } from './support/bench-world';
import { commandMix } from './support/command-mix';
import type { BenchRequest } from './support/http-load';
import { API_KEYS, BENCH_KEY } from './support/service-child';

/** Time and calls per statement (method and SQL), since the last `clear()`. */
const statements = new Map<string, { calls: number; ms: number }>();

function timeStatements(): void {
  const probe = new Database(':memory:');
  const prototype = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, (...args: unknown[]) => unknown>;
  probe.close();
  for (const method of ['run', 'get', 'all']) {
    const original = prototype[method];
    prototype[method] = function (this: { source: string }, ...args: unknown[]) {
      const started = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        const key = `${method} ${this.source.replace(/\s+/g, ' ').slice(0, 80)}`;
        const entry = statements.get(key) ?? { calls: 0, ms: 0 };
        entry.calls += 1;
        entry.ms += performance.now() - started;
        statements.set(key, entry);
      }
    };
  }
}

async function main() {
  const requests = Number(process.argv[2] ?? 4000);
  const dir = mkdtempSync(join(tmpdir(), 'ledger-sqlite-costs-'));
  try {
    const sqlitePath = join(dir, 'service.db');
    const store = new SqliteEventStore({ path: sqlitePath });
    const world = await writeWorld(store, QUICK.world);
    await store.close();
    timeStatements();
    const env = { ...process.env, SQLITE_PATH: sqlitePath, API_KEYS, RATE_LIMIT_PER_MINUTE: '1000000', LOG_LEVEL: 'silent' };
    const app = await createApp(loadConfig(env), parseApiKeys(API_KEYS), { extraModules: [BenchModule] });
    const fastify = app.getHttpAdapter().getInstance();
    await fastify.ready();
    const send = async ({ method, path, body, idempotencyKey }: BenchRequest) => {
      const headers: Record<string, string> = { authorization: `Bearer ${BENCH_KEY}`, 'content-type': 'application/json' };
      if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
      const response = await fastify.inject({ method, url: path, headers, payload: JSON.stringify(body) });
      if (response.statusCode >= 300) throw new Error(`${method} ${path}: ${response.statusCode} ${response.body}`);
    };
    const mix = commandMix(world, `costs-${Date.now()}`);
    // The first round of each warms the JIT and the caches; the second is measured.
    for (const [name, next, measured] of [['bare', bareRequest, false], ['mix', mix, false], ['bare', bareRequest, true], ['mix', mix, true]] as const) {
      statements.clear();
      const cpu = process.cpuUsage();
      const started = performance.now();
      for (let sent = 0; sent < requests; sent++) await send(next());
      if (!measured) continue;
      const wallUs = ((performance.now() - started) * 1000) / requests;
      const { user, system } = process.cpuUsage(cpu);
      console.log(`${name}: ${wallUs.toFixed(0)} µs wall, ${((user + system) / requests).toFixed(0)} µs CPU per request`);
    }
    console.log('\nSQL of the mix, by time per command (µs per command, calls, µs per call):');
    for (const [sql, { calls, ms }] of [...statements.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) {
      console.log(`${((ms * 1000) / requests).toFixed(1).padStart(7)} ${String(calls).padStart(7)} ${((ms * 1000) / calls).toFixed(1).padStart(7)}  ${sql}`);
    }
    await app.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
