/**
 * Where a command's SQLite time goes, statement by statement, in the service's own process:
 *   node -r ./test/support/swc-register.js test/bench/sqlite-costs.ts [requests] [concurrency]
 * Builds the benchmark's quick world, starts the app in this process (bench endpoints included),
 * sends the bare request and then the command mix through Fastify's inject (no sockets, no load
 * generator sharing the cores), one at a time or `concurrency` at once (50: the group commits and
 * the read models' batches then hold several commands each, as under the benchmark's load). It
 * prints for each the wall and CPU time and the WAL frames (pages written) per request, then the
 * SQL statements the mix ran, by time spent per command (better-sqlite3's Statement methods are
 * wrapped for that: the figures include the wrapper's few microseconds), then the mix's frames by
 * the table or index whose page each one wrote (the WAL's frame headers give the page, SQLite's
 * dbstat table its owner). WAL checkpoints are held off while a round runs, so that the WAL's
 * length counts every page the round wrote: unlike time, that figure does not drift with the
 * machine. (The service checkpoints from a thread of its own instead, whose restarts hold a commit
 * back now and then; here no commit waits for a checkpoint, and page reads may find a longer WAL.)
 */
import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EVENT_STORE, SqliteEventStore } from '@ledger/event-store';
import { parseApiKeys } from '@ledger/http-kit';
import { createApp } from '../../src/bootstrap';
import { loadConfig } from '../../src/config';
import { bareRequest } from './measures/commands.measure';
import { QUICK } from './support/bench-sizes';
import { BenchModule } from './support/bench.module';
import { writeWorld } from './support/bench-world';
import { commandMix } from './support/command-mix';
import { type BenchRequest, benchHeaders } from './support/http-load';
import { API_KEYS } from './support/service-child';

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

/**
 * Frames in the WAL file by the B-tree (table or index) that owns their page. A WAL is a 32-byte
 * header (the page size at byte 8) and frames of a 24-byte header (the page number first) and a
 * page; before a checkpoint, every frame is a page a transaction wrote.
 */
function framesByOwner(db: Database.Database, walPath: string): Map<string, number> {
  const owners = new Map((db.prepare('SELECT pageno, name FROM dbstat').all() as Array<{ pageno: number; name: string }>).map((row) => [row.pageno, row.name]));
  const wal = readFileSync(walPath);
  const pageSize = wal.readUInt32BE(8);
  const counts = new Map<string, number>();
  for (let offset = 32; offset + 24 + pageSize <= wal.length; offset += 24 + pageSize) {
    const owner = owners.get(wal.readUInt32BE(offset)) ?? '(free or new page)';
    counts.set(owner, (counts.get(owner) ?? 0) + 1);
  }
  return counts;
}

async function main() {
  const requests = Number(process.argv[2] ?? 4000);
  const concurrency = Number(process.argv[3] ?? 1);
  const dir = mkdtempSync(join(tmpdir(), 'ledger-sqlite-costs-'));
  try {
    const sqlitePath = join(dir, 'service.db');
    const store = new SqliteEventStore({ path: sqlitePath });
    const world = await writeWorld(store, QUICK.world);
    await store.close();
    timeStatements();
    const env = { ...process.env, SQLITE_PATH: sqlitePath, API_KEYS, RATE_LIMIT_PER_MINUTE: '1000000', LOG_LEVEL: 'silent' };
    const app = await createApp(loadConfig(env), parseApiKeys(API_KEYS), { extraModules: [BenchModule], walCheckpoints: 'inline' });
    const db = app.get<SqliteEventStore>(EVENT_STORE).database;
    db.pragma('wal_autocheckpoint = 0');
    /** Frames in the WAL (after a TRUNCATE checkpoint: written since). */
    const walFrames = () => (db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>)[0].log;
    const fastify = app.getHttpAdapter().getInstance();
    await fastify.ready();
    const send = async (request: BenchRequest) => {
      const { method, path, body } = request;
      const response = await fastify.inject({ method, url: path, headers: benchHeaders(request), payload: body === undefined ? undefined : JSON.stringify(body) });
      if (response.statusCode >= 300) throw new Error(`${method} ${path}: ${response.statusCode} ${response.body}`);
    };
    const mix = commandMix(world, `costs-${Date.now()}`);
    let mixStatements = statements;
    let mixFrames = new Map<string, number>();
    // The first round of each warms the JIT and the caches; the second is measured.
    for (const [name, next, measured] of [['bare', bareRequest, false], ['mix', mix, false], ['bare', bareRequest, true], ['mix', mix, true]] as const) {
      statements.clear();
      db.pragma('wal_checkpoint(TRUNCATE)');
      const cpu = process.cpuUsage();
      const started = performance.now();
      let sent = 0;
      const client = async () => {
        // Counted before it is sent, so that the clients together send `requests` exactly.
        while (sent < requests) {
          sent++;
          await send(next());
        }
      };
      await Promise.all(Array.from({ length: concurrency }, client));
      if (!measured) continue;
      const wallUs = ((performance.now() - started) * 1000) / requests;
      const { user, system } = process.cpuUsage(cpu);
      const measuredStatements = new Map(statements);
      const frames = walFrames() / requests;
      console.log(`${name}: ${wallUs.toFixed(0)} µs wall, ${((user + system) / requests).toFixed(0)} µs CPU, ${frames.toFixed(1)} WAL frames per request`);
      if (name === 'mix') {
        mixStatements = measuredStatements;
        mixFrames = framesByOwner(db, `${sqlitePath}-wal`);
      }
    }
    console.log('\nSQL of the mix, by time per command (µs per command, calls, µs per call):');
    for (const [sql, { calls, ms }] of [...mixStatements.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) {
      console.log(`${((ms * 1000) / requests).toFixed(1).padStart(7)} ${String(calls).padStart(7)} ${((ms * 1000) / calls).toFixed(1).padStart(7)}  ${sql}`);
    }
    console.log('\nWAL frames of the mix, by the table or index of their page (per command):');
    for (const [owner, frames] of [...mixFrames.entries()].sort((a, b) => b[1] - a[1])) {
      console.log(`${(frames / requests).toFixed(2).padStart(7)}  ${owner}`);
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
