import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@ledger/event-store';
import { ReadModelConsumer, SqliteReadStore } from '@ledger/projections';
import { READ_MODELS } from '../src/read-model-catalog';
import { writeSyntheticLog } from './support/synthetic-log';

const WORKER = join(__dirname, 'support', 'projection-worker.ts');
/** Milliseconds after start-up at which each run is killed: spread over the replay. */
const KILL_AFTER_MS = [40, 90, 150, 60, 220, 120, 300, 30, 180, 260];

function startWorker(path: string): { child: ChildProcess; started: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  const started = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('started') && resolve());
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before starting`)));
  });
  return { child, started };
}

/** Checkpoints of the read models' active generations, as numbers. */
function checkpoints(path: string): number[] {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.prepare("SELECT checkpoint FROM read_model_generations WHERE state = 'active' ORDER BY projection").all() as Array<{ checkpoint: string | null }>;
    return rows.map((row) => Number(row.checkpoint ?? 0));
  } finally {
    db.close();
  }
}

/** Every row of every read-model table of the active generations, in primary-key order. */
function dump(db: Database.Database, store: SqliteReadStore, generationOf: (projection: string) => number) {
  return READ_MODELS.flatMap((projection) =>
    projection.tables.map((table) => {
      const name = store.tableName(projection.name, table.name, generationOf(projection.name));
      const order = table.primaryKey.map((column) => `"${column}"`).join(', ');
      return { table: `${projection.name}.${table.name}`, rows: db.prepare(`SELECT * FROM "${name}" ORDER BY ${order}`).all() };
    }),
  );
}

describe('read models survive SIGKILL at any instant', () => {
  let dir: string;
  let path: string;
  let head: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-crash-'));
    path = join(dir, 'ledger.db');
    const store = new SqliteEventStore({ path });
    await writeSyntheticLog(store, { accounts: 1200, dealsPerAccount: 20, seed: 7 });
    head = Number(await store.headPosition());
    await store.close();
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('after 10 kills during a long replay and a restart, equal a clean rebuild row for row', async () => {
    const progress: number[][] = [];
    for (const delay of KILL_AFTER_MS) {
      const { child, started } = startWorker(path);
      await started;
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGKILL');
      await once(child, 'exit');
      progress.push(checkpoints(path));
    }
    const { child, started } = startWorker(path);
    await started;
    const deadline = Date.now() + 60_000;
    while (checkpoints(path).some((checkpoint) => checkpoint < head) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGTERM');
    await once(child, 'exit');

    // A clean rebuild of the same log, in memory, in batches like the runner's.
    const clean = new Database(':memory:');
    const cleanStore = new SqliteReadStore(clean);
    const log = new SqliteEventStore({ path });
    for (const projection of READ_MODELS) {
      await cleanStore.createGeneration(projection, 1, 'active');
      const consumer = new ReadModelConsumer(projection, cleanStore, 1);
      for (let after: bigint | undefined; ; ) {
        const events = await log.readAll({ after, maxCount: 1000 });
        if (events.length === 0) break;
        await consumer.process(events);
        after = events[events.length - 1].position;
      }
    }
    await log.close();
    const crashed = new Database(path, { readonly: true });
    const generations = new Map(
      (crashed.prepare("SELECT projection, generation FROM read_model_generations WHERE state = 'active'").all() as Array<{ projection: string; generation: number }>)
        .map((row) => [row.projection, row.generation]),
    );
    const afterCrashes = dump(crashed, new SqliteReadStore(crashed), (name) => generations.get(name)!);
    const rebuilt = dump(clean, cleanStore, () => 1);
    crashed.close();

    const killedMidReplay = progress.filter((run) => run.some((checkpoint) => checkpoint > 0 && checkpoint < head)).length;
    expect({ killedMidReplay: killedMidReplay >= 3, caughtUp: checkpoints(path).every((c) => c === head), tables: afterCrashes })
      .toEqual({ killedMidReplay: true, caughtUp: true, tables: rebuilt });
  }, 180_000);
});
