/**
 * Replay throughput of the read models: writes a synthetic log, then measures a plain read of it,
 * a rebuild of every read model from it through the same runner the service uses, and the
 * verification of its hash chains.
 * Usage: npm run bench:replay [-- <accounts>] [--read-store postgres]   (2,000 accounts make about 100,000 events)
 * With `--read-store postgres` the read models are rebuilt into a fresh schema of DATABASE_URL
 * (default: the test database), dropped afterwards; the log stays in SQLite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { PostgresReadStore, ProjectionSupervisor, ReadStore, SqliteReadStore } from '@ledger/projections';
import { dropSchema, TEST_DATABASE_URL } from '../../libs/projections/src/postgres/testing';
import { verifyLog } from '../../src/audit/log-audit';
import { READ_MODELS } from '../../src/read-model-catalog';
import { writeSyntheticLog } from '../support/synthetic-log';

async function main(accounts: number, readStoreKind: 'sqlite' | 'postgres') {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  const store = new SqliteEventStore({ path: join(dir, 'ledger.db') });
  try {
    let started = performance.now();
    const events = await writeSyntheticLog(store, { accounts });
    const writeSeconds = (performance.now() - started) / 1000;
    const head = (await store.headPosition())!;

    started = performance.now();
    let read = 0;
    for (let after: bigint | undefined; ; ) {
      const page = await store.readAll({ after, maxCount: 4096 });
      if (page.length === 0) break;
      read += page.length;
      after = page[page.length - 1].position;
    }
    const readSeconds = (performance.now() - started) / 1000;

    const schema = `ledger_bench_${process.pid}`;
    const readStore: ReadStore = readStoreKind === 'postgres'
      ? await PostgresReadStore.open({ url: process.env.DATABASE_URL ?? TEST_DATABASE_URL, schema })
      : new SqliteReadStore(store.database);
    const supervisor = new ProjectionSupervisor(store, readStore);
    for (const projection of READ_MODELS) supervisor.registerProjection(projection);
    started = performance.now();
    await supervisor.start();
    await Promise.all(READ_MODELS.map((projection) => supervisor.waitFor(projection.name, head, 600_000)));
    const rebuildSeconds = (performance.now() - started) / 1000;
    await supervisor.stop();
    if (readStore instanceof PostgresReadStore) {
      await readStore.close();
      await dropSchema(schema);
    }

    const verification = await verifyLog(store);
    const verifySeconds = verification.durationMs / 1000;

    const rate = (count: number, seconds: number) => Math.round(count / seconds).toLocaleString('en-US');
    console.table([
      { step: 'write log (appends)', events, seconds: writeSeconds.toFixed(2), 'events/s': rate(events, writeSeconds) },
      { step: 'plain read of the log', events: read, seconds: readSeconds.toFixed(2), 'events/s': rate(read, readSeconds) },
      { step: `rebuild ${READ_MODELS.length} read models (${readStoreKind})`, events, seconds: rebuildSeconds.toFixed(2), 'events/s': rate(events, rebuildSeconds) },
      { step: `verify hash chains (intact: ${verification.intact})`, events: verification.eventsChecked, seconds: verifySeconds.toFixed(2), 'events/s': rate(verification.eventsChecked, verifySeconds) },
    ]);
    console.log(JSON.stringify({ readStore: readStoreKind, events, readPerSecond: Math.round(read / readSeconds), rebuildPerSecond: Math.round(events / rebuildSeconds), rebuildSeconds }));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
const readStoreArg = args.indexOf('--read-store');
const readStoreKind = readStoreArg === -1 ? 'sqlite' : args.splice(readStoreArg, 2)[1];
if (readStoreKind !== 'sqlite' && readStoreKind !== 'postgres') throw new Error('--read-store must be sqlite or postgres');
void main(Number(args[0] ?? 2000), readStoreKind);
