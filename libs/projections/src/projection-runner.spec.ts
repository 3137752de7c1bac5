import { Logger } from '@nestjs/common';
import Database from 'better-sqlite3';
import { type EventToAppend, type RecordedEvent, SqliteEventStore } from '@ledger/event-store';
import { SqliteCheckpoints } from './checkpoints';
import type { Reactor, SqliteProjection } from './projection';
import { ProjectionRunner } from './projection-runner';

const WAIT_MS = 2000;
const now = (): Date => new Date('2024-05-01T09:00:00.000Z');

/** A fixed, valid UUID per number. */
const eventId = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const anEvent = (n: number, type = 'Counted'): EventToAppend => ({ id: eventId(n), type, data: { n }, metadata: {} });

/**
 * Counts events per type and logs the position of each event it applies. `poisonId` names an event
 * it writes its rows for and then throws on; `seen` collects the positions this instance was given.
 */
function countingProjection(options: { poisonId?: string; seen?: bigint[] } = {}): SqliteProjection {
  return {
    name: 'event-counts',
    setUp(db) {
      db.exec(`CREATE TABLE IF NOT EXISTS event_counts (type TEXT PRIMARY KEY, n INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS applied_events (seq INTEGER PRIMARY KEY AUTOINCREMENT, position TEXT NOT NULL);`);
    },
    apply(db, event) {
      options.seen?.push(event.position);
      db.prepare('INSERT INTO event_counts (type, n) VALUES (?, 1) ON CONFLICT (type) DO UPDATE SET n = n + 1').run(event.type);
      db.prepare('INSERT INTO applied_events (position) VALUES (?)').run(String(event.position));
      if (event.id === options.poisonId) throw new Error(`cannot apply ${event.type}`);
    },
  };
}

function recordingReactor(handled: string[]): Reactor {
  return {
    name: 'recorder',
    async handle(event: RecordedEvent) {
      handled.push(event.id);
    },
  };
}

/** Waits for the runner to handle `position`; fails the test if it does not within WAIT_MS. */
async function reach(runner: ProjectionRunner, position: bigint): Promise<void> {
  if (!(await runner.waitFor(position, WAIT_MS))) throw new Error(`${runner.name} did not reach ${position} within ${WAIT_MS} ms`);
}

/** Resolves once `condition` holds; fails the test if it does not within `timeoutMs`. */
async function until(condition: () => boolean, timeoutMs = WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('ProjectionRunner', () => {
  let store: SqliteEventStore;
  let runners: ProjectionRunner[];

  beforeEach(() => {
    store = new SqliteEventStore({ path: ':memory:', now });
    runners = [];
    // A failing runner logs its failure: expected here, so kept out of the test output.
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    await Promise.all(runners.map((runner) => runner.stop()));
    await store.close();
    jest.restoreAllMocks();
  });

  const runnerFor = (consumer: SqliteProjection | Reactor): ProjectionRunner => {
    const runner = new ProjectionRunner(store, store.database, consumer);
    runners.push(runner);
    return runner;
  };
  const started = (consumer: SqliteProjection | Reactor): ProjectionRunner => {
    const runner = runnerFor(consumer);
    runner.start();
    return runner;
  };
  const append = async (stream: string, ...events: EventToAppend[]): Promise<bigint> =>
    (await store.appendToStream(stream, events)).position;
  const appliedPositions = (): bigint[] =>
    store.database
      .prepare('SELECT position FROM applied_events ORDER BY seq')
      .pluck()
      .all()
      .map((position) => BigInt(position as string));
  const countOf = (type: string): number =>
    (store.database.prepare('SELECT n FROM event_counts WHERE type = ?').pluck().get(type) as number | undefined) ?? 0;

  describe('with a projection', () => {
    it('applies every event in log order', async () => {
      await append('account-a1', anEvent(1), anEvent(2, 'Other'));
      await append('account-a2', anEvent(3));
      await append('account-a1', anEvent(4));
      const runner = started(countingProjection());
      await reach(runner, 4n);
      expect(appliedPositions()).toEqual((await store.readAll()).map((event) => event.position));
    });

    it('counts each event once', async () => {
      await append('account-a1', anEvent(1), anEvent(2, 'Other'), anEvent(3));
      const runner = started(countingProjection());
      await reach(runner, 3n);
      expect({ Counted: countOf('Counted'), Other: countOf('Other') }).toEqual({ Counted: 2, Other: 1 });
    });

    it('checkpoints the position of the last event applied', async () => {
      await append('account-a1', anEvent(1), anEvent(2));
      const last = await append('account-a2', anEvent(3));
      const runner = started(countingProjection());
      await reach(runner, last);
      expect(runner.checkpoint()).toBe(last);
    });

    it('waitFor resolves true once a later-appended event is applied', async () => {
      await append('account-a1', anEvent(1));
      const runner = started(countingProjection());
      await reach(runner, 1n);
      const reached = runner.waitFor(2n, WAIT_MS);
      await append('account-a1', anEvent(2));
      expect(await reached).toBe(true);
    });

    it('waitFor resolves false after its timeout when the position is never reached', async () => {
      await append('account-a1', anEvent(1));
      const runner = started(countingProjection());
      await reach(runner, 1n);
      expect(await runner.waitFor(2n, 50)).toBe(false);
    });

    it('a new runner on the same database resumes after the checkpoint', async () => {
      await append('account-a1', anEvent(1), anEvent(2));
      const first = started(countingProjection());
      await reach(first, 2n);
      await first.stop();
      await append('account-a1', anEvent(3), anEvent(4));
      const seen: bigint[] = [];
      await reach(started(countingProjection({ seen })), 4n);
      expect(seen).toEqual([3n, 4n]);
    });

    it('applies no event twice across a restart', async () => {
      await append('account-a1', anEvent(1), anEvent(2));
      const first = started(countingProjection());
      await reach(first, 2n);
      await first.stop();
      await append('account-a1', anEvent(3), anEvent(4));
      await reach(started(countingProjection()), 4n);
      expect(countOf('Counted')).toBe(4);
    });

    it('reports the status stopped once stopped', async () => {
      const runner = started(countingProjection());
      await runner.stop();
      expect(runner.status).toBe('stopped');
    });
  });

  describe('on an event the projection throws on', () => {
    let poison: bigint;
    let runner: ProjectionRunner;

    beforeEach(async () => {
      await append('account-a1', anEvent(1));
      poison = await append('account-a1', anEvent(2, 'Poison'));
      await append('account-a1', anEvent(3));
      runner = started(countingProjection({ poisonId: eventId(2) }));
      await until(() => runner.status !== 'running');
    });

    it('stops with the status failed', () => {
      expect(runner.status).toBe('failed');
    });

    it('reports the event’s position, type and error', () => {
      expect(runner.failure).toEqual({ position: String(poison), eventType: 'Poison', error: 'cannot apply Poison' });
    });

    it('keeps the checkpoint at the event before', () => {
      expect(runner.checkpoint()).toBe(poison - 1n);
    });

    it('writes none of the rows of the failed event’s transaction', () => {
      expect(countOf('Poison')).toBe(0);
    });

    it('skips nothing: the events after it are not applied', () => {
      expect(appliedPositions()).toEqual([1n]);
    });

    it('stays failed when stopped', async () => {
      await runner.stop();
      expect(runner.status).toBe('failed');
    });

    it('a fixed projection continues from the failed event and applies it', async () => {
      await runner.stop();
      const seen: bigint[] = [];
      await reach(started(countingProjection({ seen })), 3n);
      expect(seen).toEqual([poison, 3n]);
    });

    it('a fixed projection writes the failed event’s rows', async () => {
      await runner.stop();
      await reach(started(countingProjection()), 3n);
      expect(countOf('Poison')).toBe(1);
    });
  });

  it('rolls back an event’s rows when its checkpoint cannot be written', async () => {
    await append('account-a1', anEvent(1), anEvent(2));
    const runner = runnerFor(countingProjection());
    // Stands in for a crash between the rows and the checkpoint: the checkpoint write fails.
    store.database.exec(`
      CREATE TEMP TRIGGER refuse_insert BEFORE INSERT ON main.projection_checkpoints WHEN NEW.position = '2'
      BEGIN SELECT RAISE(ABORT, 'checkpoint not written'); END;
      CREATE TEMP TRIGGER refuse_update BEFORE UPDATE ON main.projection_checkpoints WHEN NEW.position = '2'
      BEGIN SELECT RAISE(ABORT, 'checkpoint not written'); END;`);
    runner.start();
    await until(() => runner.status !== 'running');
    expect(appliedPositions()).toEqual([1n]);
  });

  describe('with a reactor', () => {
    it('handles each event once, in log order, through catch-up and live', async () => {
      await append('account-a1', anEvent(1), anEvent(2));
      const handled: string[] = [];
      const runner = started(recordingReactor(handled));
      await reach(runner, 2n);
      await append('account-a1', anEvent(3));
      await reach(runner, 3n);
      expect(handled).toEqual([eventId(1), eventId(2), eventId(3)]);
    });

    it('advances its checkpoint to the last event handled', async () => {
      await append('account-a1', anEvent(1));
      const runner = started(recordingReactor([]));
      await reach(runner, 1n);
      const last = await append('account-a1', anEvent(2));
      await reach(runner, last);
      expect(runner.checkpoint()).toBe(last);
    });
  });
});

describe('SqliteCheckpoints', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(':memory:');
  });
  afterEach(() => db.close());

  it.each([2n ** 53n + 1n, 2n ** 64n - 1n])('keeps the position %p exactly', (position) => {
    const checkpoints = new SqliteCheckpoints(db);
    checkpoints.save('big', position);
    expect(new SqliteCheckpoints(db).get('big')).toBe(position);
  });

  it('has no checkpoint for a consumer that never saved one', () => {
    expect(new SqliteCheckpoints(db).get('never-ran')).toBeNull();
  });
});
