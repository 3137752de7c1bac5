/**
 * Replay throughput of the read models: writes a synthetic log, then measures a plain read of it,
 * a rebuild of every read model from it through the same runner the service uses, and the
 * verification of its hash chains.
 * Usage: npm run bench:replay [-- <accounts>]   (2,000 accounts make about 100,000 events)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { ProjectionSupervisor, SqliteReadStore } from '@ledger/projections';
import { verifyLog } from '../../src/audit/log-audit';
import { READ_MODELS } from '../../src/read-model-catalog';
import { writeSyntheticLog } from '../support/synthetic-log';

async function main(accounts: number) {
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

    const supervisor = new ProjectionSupervisor(store, new SqliteReadStore(store.database));
    for (const projection of READ_MODELS) supervisor.registerProjection(projection);
    started = performance.now();
    await supervisor.start();
    await Promise.all(READ_MODELS.map((projection) => supervisor.waitFor(projection.name, head, 600_000)));
    const rebuildSeconds = (performance.now() - started) / 1000;
    await supervisor.stop();

    const verification = await verifyLog(store);
    const verifySeconds = verification.durationMs / 1000;

    const rate = (count: number, seconds: number) => Math.round(count / seconds).toLocaleString('en-US');
    console.table([
      { step: 'write log (appends)', events, seconds: writeSeconds.toFixed(2), 'events/s': rate(events, writeSeconds) },
      { step: 'plain read of the log', events: read, seconds: readSeconds.toFixed(2), 'events/s': rate(read, readSeconds) },
      { step: `rebuild ${READ_MODELS.length} read models`, events, seconds: rebuildSeconds.toFixed(2), 'events/s': rate(events, rebuildSeconds) },
      { step: `verify hash chains (intact: ${verification.intact})`, events: verification.eventsChecked, seconds: verifySeconds.toFixed(2), 'events/s': rate(verification.eventsChecked, verifySeconds) },
    ]);
    console.log(JSON.stringify({ events, readPerSecond: Math.round(read / readSeconds), rebuildPerSecond: Math.round(events / rebuildSeconds), rebuildSeconds }));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main(Number(process.argv[2] ?? 2000));
