import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { type EventToAppend, SqliteEventStore } from '@ledger/event-store';
import { ReadModelConsumer } from './log-consumer';
import { ProjectionRunner } from './projection-runner';
import { Projection } from './read-model';
import { SqliteReadStore } from './sqlite/sqlite-read-store';
import { until } from '@ledger/event-store/testing/until';

const WAIT_MS = 5000;
const anEvent = (n: number): EventToAppend => ({
  id: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
  type: 'Counted',
  data: { n },
  metadata: {},
});

/** One row per event; `attempts` counts every batch the runner hands it, committed or not. */
function rowPerEvent(): Projection & { attempts: number } {
  const projection = {
    name: 'rows',
    version: 1,
    attempts: 0,
    tables: [{ name: 'applied', columns: { position: 'integer' as const }, primaryKey: ['position'] }],
    rowsNeeded: () => {
      projection.attempts++;
      return [];
    },
    apply: (rows: Parameters<Projection['apply']>[0], event: Parameters<Projection['apply']>[1]) =>
      rows.put('applied', { position: Number(event.position) }),
  };
  return projection;
}

/**
 * The read side's disk refuses writes while the log (another connection, as another process or
 * a log on another disk) keeps growing. `query_only` stands in for a read-only file: tests run as
 * root, for whom file modes restrict nothing.
 */
describe('ProjectionRunner when its read store cannot commit', () => {
  let dir: string;
  let log: SqliteEventStore;
  let readSide: Database.Database;
  let projection: ReturnType<typeof rowPerEvent>;
  let runner: ProjectionRunner;
  /** A healthy runner on the same log: once it has applied an event, the failed one was woken by it too. */
  let witness: ProjectionRunner;
  let failedAfter: number;
  let failure: ProjectionRunner['failure'];

  beforeAll(async () => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    dir = mkdtempSync(join(tmpdir(), 'runner-faults-'));
    log = new SqliteEventStore({ path: join(dir, 'ledger.db'), pollIntervalMs: 10 });
    readSide = new Database(join(dir, 'ledger.db'));
    const readStore = new SqliteReadStore(readSide);
    projection = rowPerEvent();
    await readStore.createGeneration(projection, 1, 'active');
    runner = new ProjectionRunner(log, new ReadModelConsumer(projection, readStore, 1));
    const witnessStore = new SqliteReadStore(new Database(':memory:'));
    await witnessStore.createGeneration(projection, 1, 'active');
    witness = new ProjectionRunner(log, new ReadModelConsumer(rowPerEvent(), witnessStore, 1));
    await witness.start();
    await log.appendToStream('s-1', [anEvent(1)]);
    await runner.start();
    await runner.waitFor(1n, WAIT_MS);
    readSide.pragma('query_only = ON');
    await log.appendToStream('s-2', [anEvent(2)]);
    await until(() => runner.status === 'failed');
    failedAfter = projection.attempts;
    failure = runner.failure;
  });
  afterAll(async () => {
    await Promise.all([runner.stop(), witness.stop()]);
    readSide.close();
    await log.close();
    rmSync(dir, { recursive: true, force: true });
    jest.restoreAllMocks();
  });

  it('stops as failed, naming the SQLite code and the event it could not commit', () => {
    expect([failure?.error, failure?.position]).toEqual(['SQLITE_READONLY: attempt to write a readonly database', '2']);
  });

  it('keeps the checkpoint of the last batch it committed', () => {
    expect(runner.checkpoint()).toBe(1n);
  });

  it('does not try again while it stands failed, however many events arrive', async () => {
    for (let n = 3; n <= 6; n++) await log.appendToStream(`s-${n}`, [anEvent(n)]);
    const witnessApplied = await witness.waitFor(6n, WAIT_MS);
    expect([witnessApplied, runner.status, projection.attempts, runner.failure?.at]).toEqual([true, 'failed', failedAfter, failure?.at]);
  });

  it('catches up from its checkpoint once restarted on a writable store', async () => {
    readSide.pragma('query_only = OFF');
    await runner.start();
    expect(await runner.waitFor(6n, WAIT_MS)).toBe(true);
  });
});
