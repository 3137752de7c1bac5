import { Logger } from '@nestjs/common';
import { type EventToAppend, type RecordedEvent, SqliteEventStore } from '@ledger/event-store';
import { ProjectionSupervisor, RebuildInProgressError, UnknownProjectionError } from './projection-supervisor';
import { Reactor } from './reactor';
import { Projection } from './read-model';
import { SqliteReadStore } from './sqlite/sqlite-read-store';
import { until } from '@ledger/event-store/testing/until';

const WAIT_MS = 5000;
const now = (): Date => new Date('2024-05-01T09:00:00.000Z');

/** A fixed, valid UUID per number. */
const eventId = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const TYPES = ['Opened', 'Assigned', 'Closed'];
/** Events numbered from `from`, their types cycling through TYPES. */
const events = (from: number, count: number): EventToAppend[] =>
  Array.from({ length: count }, (_, index) => ({ id: eventId(from + index), type: TYPES[(from + index) % 3], data: {}, metadata: {} }));

/**
 * Counts events per type and logs each applied position. While `poisonous` is set, it writes the
 * log row of a "Poison" event and then throws; clearing it is the fix.
 */
function counterProjection(version = 1): Projection & { poisonous: boolean } {
  const projection = {
    name: 'counter',
    version,
    poisonous: false,
    tables: [
      { name: 'counts', columns: { type: 'text', count: 'integer' }, primaryKey: ['type'] },
      { name: 'applied', columns: { position: 'integer', type: 'text' }, primaryKey: ['position'], indexes: [['type']] },
    ] as Projection['tables'],
    rowsNeeded: (event: RecordedEvent) => [{ table: 'counts', key: [event.type] }],
    apply(rows: Parameters<Projection['apply']>[0], event: RecordedEvent) {
      rows.put('applied', { position: Number(event.position), type: event.type });
      if (projection.poisonous && event.type === 'Poison') throw new Error('cannot count Poison');
      const current = rows.get('counts', [event.type]);
      rows.put('counts', { type: event.type, count: Number(current?.count ?? 0) + 1 });
    },
  };
  return projection;
}

describe('ProjectionSupervisor', () => {
  let store: SqliteEventStore;
  let readStore: SqliteReadStore;
  let supervisors: ProjectionSupervisor[];

  beforeEach(() => {
    store = new SqliteEventStore({ path: ':memory:', now });
    readStore = new SqliteReadStore(store.database);
    supervisors = [];
    // Failures, rebuilds and switches are logged: expected here, so kept out of the test output.
    for (const level of ['log', 'warn', 'error'] as const) jest.spyOn(Logger.prototype, level).mockImplementation(() => undefined);
  });
  afterEach(async () => {
    for (const supervisor of supervisors) await supervisor.stop();
    await store.close();
    jest.restoreAllMocks();
  });

  const append = async (stream: string, toAppend: EventToAppend[]): Promise<bigint> =>
    (await store.appendToStream(stream, toAppend)).position;
  const supervising = (...projections: Projection[]): ProjectionSupervisor => {
    const supervisor = new ProjectionSupervisor(store, readStore);
    for (const projection of projections) supervisor.registerProjection(projection);
    supervisors.push(supervisor);
    return supervisor;
  };
  const reach = async (supervisor: ProjectionSupervisor, position: bigint): Promise<void> => {
    if (!(await supervisor.waitFor('counter', position, WAIT_MS))) throw new Error(`counter did not reach ${position}`);
  };
  const rowsOf = (table: string, generation: number) =>
    readStore.query(`SELECT * FROM "${readStore.tableName('counter', table, generation)}" ORDER BY 1`);
  const counterTables = (): string[] =>
    store.database.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rm_counter_%' ORDER BY name`).pluck().all() as string[];
  const statusOf = async (supervisor: ProjectionSupervisor, name = 'counter') =>
    (await supervisor.status()).find((status) => status.name === name);

  describe('start', () => {
    let supervisor: ProjectionSupervisor;
    let head: bigint;

    beforeEach(async () => {
      head = await append('account-a1', events(1, 5));
      supervisor = supervising(counterProjection());
      await supervisor.start();
      await reach(supervisor, head);
    });

    it('creates generation 1, active, for a projection never built', async () => {
      expect(await readStore.generations('counter')).toEqual([
        { projection: 'counter', generation: 1, state: 'active', version: 1, checkpoint: head },
      ]);
    });

    it('answers queries from generation 1', () => {
      expect(supervisor.activeGeneration('counter')).toBe(1);
    });

    it('applies the log', async () => {
      expect(await rowsOf('counts', 1)).toEqual([
        { type: 'Assigned', count: 2 },
        { type: 'Closed', count: 2 },
        { type: 'Opened', count: 1 },
      ]);
    });

    it('refuses projections registered once started', () => {
      expect(() => supervisor.registerProjection(counterProjection())).toThrow('Register projections before the supervisor starts');
    });

    it('lists the names it runs', () => {
      expect(supervisor.names()).toEqual(['counter']);
    });
  });

  describe('rebuild', () => {
    let supervisor: ProjectionSupervisor;
    let head: bigint;
    let before: { counts: unknown[]; applied: unknown[] };

    beforeEach(async () => {
      head = await append('account-a1', events(1, 30));
      supervisor = supervising(counterProjection());
      await supervisor.start();
      await reach(supervisor, head);
      before = { counts: await rowsOf('counts', 1), applied: await rowsOf('applied', 1) };
    });

    describe('once caught up', () => {
      let rebuilt: { generation: number };

      beforeEach(async () => {
        rebuilt = await supervisor.rebuild('counter');
        await until(() => supervisor.activeGeneration('counter') === 2, { pollMs: 5 });
      });

      it('builds generation 2', () => {
        expect(rebuilt).toEqual({ generation: 2 });
      });

      it('leaves generation 2 as the only, active, generation at the head', async () => {
        expect(await readStore.generations('counter')).toEqual([
          { projection: 'counter', generation: 2, state: 'active', version: 1, checkpoint: head },
        ]);
      });

      it('answers from generation 2 with its declared index built', () => {
        const indexes = store.database.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'rm_counter_applied_g2' AND sql IS NOT NULL");
        expect(indexes.pluck().all()).toEqual(['rm_counter_applied_g2_i0']);
      });

      it("drops generation 1's tables", () => {
        expect(counterTables()).toEqual(['rm_counter_applied_g2', 'rm_counter_counts_g2']);
      });

      it('rebuilds the same rows', async () => {
        expect({ counts: await rowsOf('counts', 2), applied: await rowsOf('applied', 2) }).toEqual(before);
      });

      it('carries on live on the new generation', async () => {
        const live = await append('account-a2', events(31, 1));
        await reach(supervisor, live);
        expect(await rowsOf('applied', 2)).toContainEqual({ position: Number(live), type: TYPES[31 % 3] });
      });

      it('no longer reports the rebuild in the status', async () => {
        expect((await statusOf(supervisor))?.rebuild).toBeUndefined();
      });

      it('can rebuild again, as generation 3', async () => {
        expect(await supervisor.rebuild('counter')).toEqual({ generation: 3 });
      });
    });

    // A rebuild switches in from a timer (its first check is 100 ms on): a test that starts the
    // rebuild and looks in the same chain of awaits (no timer in between) sees it still running.
    describe('while it runs', () => {
      beforeEach(async () => {
        await append('account-a2', events(31, 3000));
        await reach(supervisor, head + 3000n);
        before = { counts: await rowsOf('counts', 1), applied: [] };
      });

      it('queries still go to generation 1', async () => {
        await supervisor.rebuild('counter');
        expect(supervisor.activeGeneration('counter')).toBe(1);
      });

      it('generation 1 still answers with all its rows', async () => {
        await supervisor.rebuild('counter');
        expect(await rowsOf('counts', 1)).toEqual(before.counts);
      });

      it('the status reports the rebuild and its generation', async () => {
        await supervisor.rebuild('counter');
        expect((await statusOf(supervisor))?.rebuild).toMatchObject({ generation: 2, state: 'running' });
      });

      it('a second rebuild is refused', async () => {
        await supervisor.rebuild('counter');
        await expect(supervisor.rebuild('counter')).rejects.toThrow(RebuildInProgressError);
      });
    });

    it('of an unknown projection is refused', async () => {
      await expect(supervisor.rebuild('nope')).rejects.toThrow(UnknownProjectionError);
    });
  });

  it('the active generation of an unknown projection is refused', () => {
    expect(() => supervising().activeGeneration('nope')).toThrow(new UnknownProjectionError('nope'));
  });

  describe('status', () => {
    it('reports a caught-up projection with its checkpoint at the head and no lag', async () => {
      const head = await append('account-a1', events(1, 4));
      const supervisor = supervising(counterProjection());
      await supervisor.start();
      await reach(supervisor, head);
      expect(await statusOf(supervisor)).toMatchObject({
        name: 'counter',
        status: 'running',
        generation: 1,
        checkpoint: String(head),
        head: String(head),
        lagEvents: 0,
        lagEventsCapped: false,
        lagMs: 0,
      });
    });

    it('reports a reactor beside the projections', async () => {
      const head = await append('account-a1', events(1, 2));
      const reactor: Reactor = { name: 'recorder', handle: async () => undefined };
      const supervisor = supervising(counterProjection());
      supervisor.registerReactor(reactor);
      await supervisor.start();
      await supervisor.waitFor('recorder', head, WAIT_MS);
      expect(await statusOf(supervisor, 'recorder')).toMatchObject({ status: 'running', checkpoint: String(head), lagEvents: 0 });
    });
  });

  describe('a projection hitting a poison event', () => {
    let supervisor: ProjectionSupervisor;
    let projection: Projection & { poisonous: boolean };
    let poison: bigint;
    let head: bigint;

    beforeEach(async () => {
      await append('account-a1', events(1, 2));
      poison = await append('account-a2', [{ id: eventId(3), type: 'Poison', data: {}, metadata: {} }]);
      head = await append('account-a1', events(4, 2));
      projection = counterProjection();
      projection.poisonous = true;
      supervisor = supervising(projection);
      await supervisor.start();
      await until(() => supervisor.runner('counter').status === 'failed', { pollMs: 5 });
    });

    it("is reported 'failed' with the event it failed on", async () => {
      expect(await statusOf(supervisor)).toMatchObject({
        status: 'failed',
        failure: { position: String(poison), eventType: 'Poison', error: 'cannot count Poison' },
      });
    });

    it('is reported behind by every event of the failed batch', async () => {
      expect((await statusOf(supervisor))?.lagEvents).toBe(5);
    });

    describe('restarted after a fix', () => {
      beforeEach(async () => {
        projection.poisonous = false;
        await supervisor.restart('counter');
        await reach(supervisor, head);
      });

      it('applies the rest of the log, poison event included', async () => {
        expect(await rowsOf('counts', 1)).toContainEqual({ type: 'Poison', count: 1 });
      });

      it("is reported 'running' without a failure", async () => {
        expect(await statusOf(supervisor)).toMatchObject({ status: 'running', lagEvents: 0 });
      });

      it('no longer carries the failure', async () => {
        expect((await statusOf(supervisor))?.failure).toBeUndefined();
      });
    });
  });

  describe('a projection whose version changed since its last start', () => {
    let head: bigint;
    let supervisor: ProjectionSupervisor;

    beforeEach(async () => {
      head = await append('account-a1', events(1, 10));
      const first = supervising(counterProjection(1));
      await first.start();
      await reach(first, head);
      await first.stop();
      supervisor = supervising(counterProjection(2));
    });

    it('is rebuilt: generation 2 becomes active', async () => {
      await supervisor.start();
      await until(() => supervisor.activeGeneration('counter') === 2, { pollMs: 5 });
      expect(await readStore.generations('counter')).toEqual([
        { projection: 'counter', generation: 2, state: 'active', version: 2, checkpoint: head },
      ]);
    });

    it('keeps answering from the old generation until the new one has caught up', async () => {
      await supervisor.start();
      expect(supervisor.activeGeneration('counter')).toBe(1);
    });
  });

  it('an unchanged projection is not rebuilt at start', async () => {
    const head = await append('account-a1', events(1, 3));
    const first = supervising(counterProjection(1));
    await first.start();
    await reach(first, head);
    await first.stop();
    const second = supervising(counterProjection(1));
    await second.start();
    expect((await statusOf(second))?.rebuild).toBeUndefined();
  });
});
