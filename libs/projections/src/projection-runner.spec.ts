import { Logger } from '@nestjs/common';
import { type EventToAppend, type RecordedEvent, SqliteEventStore } from '@ledger/event-store';
import { LogConsumer, ReadModelConsumer } from './log-consumer';
import { ProjectionRunner } from './projection-runner';
import { Reactor, ReactorConsumer } from './reactor';
import { Projection } from './read-model';
import { SqliteReadStore } from './sqlite/sqlite-read-store';
import { until } from '@ledger/event-store/testing/until';

const WAIT_MS = 5000;
const now = (): Date => new Date('2024-05-01T09:00:00.000Z');

/** A fixed, valid UUID per number. */
const eventId = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const anEvent = (n: number, type = 'Counted'): EventToAppend => ({ id: eventId(n), type, data: { n }, metadata: {} });
const events = (from: number, count: number, type = 'Counted'): EventToAppend[] =>
  Array.from({ length: count }, (_, index) => anEvent(from + index, type));

/**
 * Counts events per type and logs each applied position. When `poisonous`, it writes the log row
 * of a "Poison" event and then throws. `seen` holds every position this instance was given.
 */
function counterProjection(options: { poisonous?: boolean } = {}): Projection & { seen: bigint[] } {
  const seen: bigint[] = [];
  return {
    name: 'counter',
    version: 1,
    seen,
    tables: [
      { name: 'counts', columns: { type: 'text', count: 'integer' }, primaryKey: ['type'] },
      { name: 'applied', columns: { position: 'integer', type: 'text' }, primaryKey: ['position'] },
    ],
    rowsNeeded: (event) => [{ table: 'counts', key: [event.type] }],
    apply(rows, event) {
      seen.push(event.position);
      rows.put('applied', { position: Number(event.position), type: event.type });
      if (options.poisonous && event.type === 'Poison') throw new Error('cannot count Poison');
      const current = rows.get('counts', [event.type]);
      rows.put('counts', { type: event.type, count: Number(current?.count ?? 0) + 1 });
    },
  };
}

function recordingReactor(handled: bigint[]): Reactor {
  return {
    name: 'recorder',
    async handle(event: RecordedEvent) {
      handled.push(event.position);
    },
  };
}

/** Waits for the runner to handle `position`; fails the test if it does not within WAIT_MS. */
async function reach(runner: ProjectionRunner, position: bigint): Promise<void> {
  if (!(await runner.waitFor(position, WAIT_MS))) throw new Error(`${runner.name} did not reach ${position} within ${WAIT_MS} ms`);
}

describe('ProjectionRunner', () => {
  let store: SqliteEventStore;
  let readStore: SqliteReadStore;
  let runners: ProjectionRunner[];

  beforeEach(() => {
    store = new SqliteEventStore({ path: ':memory:', now });
    readStore = new SqliteReadStore(store.database);
    runners = [];
    // A failing runner logs its failure: expected here, so kept out of the test output.
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    await Promise.all(runners.map((runner) => runner.stop()));
    await store.close();
    jest.restoreAllMocks();
  });

  const append = async (stream: string, ...toAppend: EventToAppend[]): Promise<bigint> =>
    (await store.appendToStream(stream, toAppend)).position;
  const runnerFor = (projection: Projection): ProjectionRunner => {
    const runner = new ProjectionRunner(store, new ReadModelConsumer(projection, readStore, 1));
    runners.push(runner);
    return runner;
  };
  const started = async (projection: Projection): Promise<ProjectionRunner> => {
    const runner = runnerFor(projection);
    await runner.start();
    return runner;
  };
  const appliedPositions = async (): Promise<bigint[]> =>
    (await readStore.query(`SELECT position FROM "${readStore.tableName('counter', 'applied', 1)}" ORDER BY position`)).map(
      (row) => BigInt(row.position as number),
    );
  const countOf = async (type: string): Promise<number> => {
    const [row] = await readStore.query(`SELECT count FROM "${readStore.tableName('counter', 'counts', 1)}" WHERE type = ?`, [type]);
    return row ? Number(row.count) : 0;
  };
  const storedCheckpoint = async (): Promise<bigint | null> =>
    (await readStore.generations('counter')).find((info) => info.generation === 1)?.checkpoint ?? null;

  describe('catching up', () => {
    /** A consumer that notes what it is given: each batch's size, and when it is told it caught up. */
    const recorder = (calls: string[]): LogConsumer => ({
      name: 'recorder',
      checkpoint: async () => null,
      process: async (batch) => void calls.push(`batch of ${batch.length}`),
      caughtUp: async () => void calls.push('caught up'),
    });

    it('tells the consumer once it has applied what the log held, after the full batches', async () => {
      await append('s-1', ...events(1, 5000));
      const calls: string[] = [];
      const runner = new ProjectionRunner(store, recorder(calls));
      runners.push(runner);
      await runner.start();
      await until(() => runner.hasCaughtUp, { pollMs: 0 });
      await reach(runner, await append('s-2', anEvent(5001)));
      expect(calls).toEqual([...Array(4).fill('batch of 1024'), 'batch of 904', 'caught up', 'batch of 1']);
    });

    it('applies a full batch in slices of 256 when the log has grown since the last one, and whole again once it stops', async () => {
      await append('s-1', ...events(1, 4096));
      const calls: string[] = [];
      const consumer = recorder(calls);
      // A command written while the first batch is applied, as beside a rebuild under traffic.
      const process = async (batch: readonly RecordedEvent[]) => {
        if (calls.length === 0) await append('s-2', anEvent(4097));
        await consumer.process(batch);
      };
      const runner = new ProjectionRunner(store, { ...consumer, process });
      runners.push(runner);
      await runner.start();
      await until(() => runner.hasCaughtUp, { pollMs: 0 });
      expect(calls).toEqual(['batch of 1024', ...Array(4).fill('batch of 256'), 'batch of 1024', 'batch of 1024', 'batch of 1', 'caught up']);
    });

    it('stopped between two slices, applies nothing after the last one it applied', async () => {
      await append('s-1', ...events(1, 2048));
      const applied: bigint[] = [];
      let runner: ProjectionRunner | undefined;
      const consumer: LogConsumer = {
        name: 'stopper',
        checkpoint: async () => null,
        process: async (batch) => {
          if (applied.length === 0) await append('s-2', anEvent(2049));
          applied.push(...batch.map((event) => event.position));
          // The second batch comes in slices: stop after the first of them.
          if (applied.length === 1024 + 256) void runner!.stop();
        },
      };
      runner = new ProjectionRunner(store, consumer);
      runners.push(runner);
      await runner.start();
      await until(() => runner!.status === 'stopped', { pollMs: 0 });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect([applied.length, applied.at(-1), runner.checkpoint()]).toEqual([1280, 1280n, 1280n]);
    });

    it('fails, naming the step and the cause, when what it does then fails', async () => {
      const failing: LogConsumer = {
        ...recorder([]),
        caughtUp: async () => {
          throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
        },
      };
      const runner = new ProjectionRunner(store, failing);
      runners.push(runner);
      await runner.start();
      await until(() => runner.status === 'failed', { pollMs: 0 });
      expect([runner.failure?.position, runner.failure?.eventType, runner.failure?.error, runner.hasCaughtUp])
        .toEqual(['caught-up', 'none', 'SQLITE_FULL: database or disk is full', false]);
    });

    it('tells it at once on an empty log', async () => {
      const calls: string[] = [];
      const runner = new ProjectionRunner(store, recorder(calls));
      runners.push(runner);
      await runner.start();
      await until(() => runner.hasCaughtUp, { pollMs: 0 });
      expect(calls).toEqual(['caught up']);
    });

    it("gives a read model's generation its declared indexes then", async () => {
      const indexed: Projection = { ...counterProjection(), tables: [{ name: 'applied', columns: { position: 'integer', type: 'text' }, primaryKey: ['position'], indexes: [['type']] }] };
      await readStore.createGeneration(indexed, 1, 'active');
      const indexes = () => store.database.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'rm_counter_applied_g1' AND sql IS NOT NULL").pluck().all();
      const before = indexes();
      const runner = await started(indexed);
      await until(() => runner.hasCaughtUp, { pollMs: 0 });
      expect([before, indexes()]).toEqual([[], ['rm_counter_applied_g1_i0']]);
    });
  });

  describe('with a projection', () => {
    beforeEach(() => readStore.createGeneration(counterProjection(), 1, 'active'));

    it('applies every event in log order', async () => {
      await append('account-a1', anEvent(1), anEvent(2, 'Other'));
      await append('account-a2', anEvent(3));
      const last = await append('account-a1', anEvent(4));
      const projection = counterProjection();
      await reach(await started(projection), last);
      expect(projection.seen).toEqual((await store.readAll()).map((event) => event.position));
    });

    it('commits a row for every event', async () => {
      await append('account-a1', anEvent(1), anEvent(2, 'Other'));
      const last = await append('account-a2', anEvent(3));
      await reach(await started(counterProjection()), last);
      expect(await appliedPositions()).toEqual([1n, 2n, 3n]);
    });

    it('reports the position of the last event applied as its checkpoint', async () => {
      await append('account-a1', anEvent(1), anEvent(2));
      const last = await append('account-a2', anEvent(3));
      const runner = await started(counterProjection());
      await reach(runner, last);
      expect(runner.checkpoint()).toBe(last);
    });

    it('stores that checkpoint with the rows', async () => {
      const last = await append('account-a1', anEvent(1), anEvent(2));
      await reach(await started(counterProjection()), last);
      expect(await storedCheckpoint()).toBe(last);
    });

    it('starts with no checkpoint on an empty log', async () => {
      const runner = await started(counterProjection());
      expect(runner.checkpoint()).toBeNull();
    });

    it('measures its throughput', async () => {
      const last = await append('account-a1', ...events(1, 5));
      const runner = await started(counterProjection());
      await reach(runner, last);
      // Five events within the last second, over the meter's one-second floor.
      expect(runner.eventsPerSecond()).toBe(5);
    });

    describe('replaying a long log', () => {
      let commits: jest.SpyInstance;
      const total = 10_000;

      beforeEach(async () => {
        const last = await append('account-a1', ...events(1, total));
        commits = jest.spyOn(readStore, 'commit');
        await reach(await started(counterProjection()), last);
      });

      it('applies every event', async () => {
        expect(await countOf('Counted')).toBe(total);
      });

      it('commits once per full batch of 1024 events and once for the rest, not once per event', () => {
        expect(commits.mock.calls.length).toBe(Math.ceil(total / 1024));
      });
    });

    describe('live', () => {
      let runner: ProjectionRunner;
      let caughtUp: bigint;

      beforeEach(async () => {
        caughtUp = await append('account-a1', anEvent(1), anEvent(2));
        runner = await started(counterProjection());
        await reach(runner, caughtUp);
      });

      it('applies an event appended after catching up (waitFor true)', async () => {
        const live = await append('account-a2', anEvent(3));
        expect(await runner.waitFor(live, WAIT_MS)).toBe(true);
      });

      it('commits the live event', async () => {
        const live = await append('account-a2', anEvent(3, 'Live'));
        await reach(runner, live);
        expect(await countOf('Live')).toBe(1);
      });

      it('answers waitFor at once for a position already applied', async () => {
        expect(await runner.waitFor(1n, 0)).toBe(true);
      });

      it('answers waitFor false after the timeout for a position not reached', async () => {
        expect(await runner.waitFor(caughtUp + 1n, 50)).toBe(false);
      });
    });

    describe('restarted with a new runner', () => {
      let projection: Projection & { seen: bigint[] };

      beforeEach(async () => {
        const first = await started(counterProjection());
        await reach(first, await append('account-a1', ...events(1, 3)));
        await first.stop();
        const last = await append('account-a1', ...events(4, 2));
        projection = counterProjection();
        await reach(await started(projection), last);
      });

      it('resumes after the stored checkpoint', () => {
        expect(projection.seen).toEqual([4n, 5n]);
      });

      it('applies no event twice', async () => {
        expect(await countOf('Counted')).toBe(5);
      });
    });

    describe('hitting a poison event', () => {
      let runner: ProjectionRunner;
      let poisonous: Projection & { seen: bigint[] };
      let previousBatch: bigint;
      let poison: bigint;
      let last: bigint;

      beforeEach(async () => {
        const first = await started(counterProjection());
        previousBatch = await append('account-a1', ...events(1, 2));
        await reach(first, previousBatch);
        await first.stop();
        // Appended before the runner starts, so that they come in one batch with the poison.
        await append('account-a1', ...events(3, 2));
        poison = await append('account-a2', anEvent(5, 'Poison'));
        last = await append('account-a1', anEvent(6));
        poisonous = counterProjection({ poisonous: true });
        runner = await started(poisonous);
        await until(() => runner.status === 'failed', { pollMs: 0 });
      });

      it('met the poison in the same batch as the good events before it', () => {
        expect(poisonous.seen).toEqual([3n, 4n, poison]);
      });

      it('names the position of the poison event', () => {
        expect(runner.failure?.position).toBe(String(poison));
      });

      it('names the type of the poison event', () => {
        expect(runner.failure?.eventType).toBe('Poison');
      });

      it("records the projection's error", () => {
        expect(runner.failure?.error).toBe('cannot count Poison');
      });

      it('rolls back the whole batch: rows of the good events before it are absent', async () => {
        expect(await appliedPositions()).toEqual([1n, 2n]);
      });

      it('leaves the stored checkpoint at the previous batch', async () => {
        expect(await storedCheckpoint()).toBe(previousBatch);
      });

      it('reports the previous batch as its checkpoint', () => {
        expect(runner.checkpoint()).toBe(previousBatch);
      });

      describe('then fixed', () => {
        let fixed: Projection & { seen: bigint[] };

        beforeEach(async () => {
          await runner.stop();
          fixed = counterProjection();
          await reach(await started(fixed), last);
        });

        it('continues from the checkpoint, applying the poison event', () => {
          expect(fixed.seen).toEqual([3n, 4n, poison, last]);
        });

        it('commits the poison event', async () => {
          expect(await countOf('Poison')).toBe(1);
        });
      });

      it('started again without a fix, fails again at the same event: nothing is skipped', async () => {
        await runner.stop();
        await runner.start();
        await until(() => runner.status === 'failed', { pollMs: 0 });
        expect(runner.failure?.position).toBe(String(poison));
      });
    });

    describe('when the log subscription fails after a committed batch', () => {
      let runner: ProjectionRunner;

      beforeEach(async () => {
        const last = await append('account-a1', ...events(1, 2));
        const recorded = await store.readAll();
        let breakLog!: () => void;
        const broken = new Promise<void>((resolve) => (breakLog = resolve));
        const failingLog = {
          headPosition: async () => last,
          async *subscribeToAll() {
            yield* recorded;
            await broken;
            throw new Error('log unavailable');
          },
        } as unknown as SqliteEventStore;
        runner = new ProjectionRunner(failingLog, new ReadModelConsumer(counterProjection(), readStore, 1));
        runners.push(runner);
        await runner.start();
        await reach(runner, last);
        breakLog();
        await until(() => runner.status === 'failed', { pollMs: 0 });
      });

      it('blames the subscription, not an event already applied', () => {
        expect(runner.failure).toMatchObject({ position: 'subscription', eventType: 'none', error: 'log unavailable' });
      });

      it('keeps the checkpoint of the committed batch', () => {
        expect(runner.checkpoint()).toBe(2n);
      });
    });

    describe('stop', () => {
      let runner: ProjectionRunner;

      beforeEach(async () => {
        runner = await started(counterProjection());
        await reach(runner, await append('account-a1', anEvent(1)));
        await runner.stop();
      });

      it("sets the status to 'stopped'", () => {
        expect(runner.status).toBe('stopped');
      });

      it('ends the loop: a later event is not applied', async () => {
        const later = await append('account-a1', anEvent(2));
        expect(await runner.waitFor(later, 100)).toBe(false);
      });

      it('can be started again and catches up', async () => {
        const later = await append('account-a1', anEvent(2));
        await runner.start();
        expect(await runner.waitFor(later, WAIT_MS)).toBe(true);
      });
    });
  });

  describe('with a reactor', () => {
    let handled: bigint[];
    let runner: ProjectionRunner;
    let caughtUp: bigint;

    const reactorCheckpoint = async () => (await readStore.generations('recorder'))[0]?.checkpoint ?? null;

    beforeEach(async () => {
      handled = [];
      caughtUp = await append('account-a1', ...events(1, 3));
      runner = new ProjectionRunner(store, new ReactorConsumer(recordingReactor(handled), readStore));
      runners.push(runner);
      await runner.start();
      await reach(runner, caughtUp);
    });

    it('hands it each event of the log once, in order', () => {
      expect(handled).toEqual([1n, 2n, 3n]);
    });

    it('stores its checkpoint as a generation without tables', async () => {
      expect(await readStore.generations('recorder')).toEqual([
        { projection: 'recorder', generation: 1, state: 'active', version: 1, checkpoint: caughtUp },
      ]);
    });

    it('hands it live events once', async () => {
      await reach(runner, await append('account-a2', ...events(4, 2)));
      expect(handled).toEqual([1n, 2n, 3n, 4n, 5n]);
    });

    it('advances its checkpoint with live events', async () => {
      const live = await append('account-a2', anEvent(4));
      await reach(runner, live);
      expect(await reactorCheckpoint()).toBe(live);
    });

    it('resumes after its checkpoint when run again', async () => {
      await runner.stop();
      const live = await append('account-a2', anEvent(4));
      const again = new ProjectionRunner(store, new ReactorConsumer(recordingReactor(handled), readStore));
      runners.push(again);
      await again.start();
      await reach(again, live);
      expect(handled).toEqual([1n, 2n, 3n, 4n]);
    });
  });
});
