import { Logger } from '@nestjs/common';
import { type EventToAppend, type RecordedEvent, SqliteEventStore } from '@ledger/event-store';
import { Lease, ProjectionLeases } from './projection-leases.port';
import { ProjectionRunElsewhereError, ProjectionSupervisor } from './projection-supervisor';
import { Reactor } from './reactor';
import { Projection } from './read-model';
import { SqliteReadStore } from './sqlite/sqlite-read-store';
import { until } from '@ledger/event-store/testing/until';

const WAIT_MS = 5000;
const RETRY_MS = 20;
const now = (): Date => new Date('2024-05-01T09:00:00.000Z');
const eventId = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const events = (from: number, count: number): EventToAppend[] =>
  Array.from({ length: count }, (_, index) => ({ id: eventId(from + index), type: 'Opened', data: {}, metadata: {} }));

/** Counts events: double-applied or lost events show in the count. */
const counter: Projection = {
  name: 'counter',
  version: 1,
  tables: [{ name: 'counts', columns: { type: 'text', count: 'integer' }, primaryKey: ['type'] }],
  rowsNeeded: (event: RecordedEvent) => [{ table: 'counts', key: [event.type] }],
  apply(rows, event) {
    rows.put('counts', { type: event.type, count: Number(rows.get('counts', [event.type])?.count ?? 0) + 1 });
  },
};

/**
 * Leases in memory, shared by the "instances" of a test. `crash` makes an instance lose its
 * leases as if its connection had died, and never win one again, as if its process had.
 */
class LeaseTable {
  private readonly holders = new Map<string, { instance: string; lose: (error: Error) => void }>();
  private readonly dead = new Set<string>();

  for(instance: string): ProjectionLeases {
    return {
      tryAcquire: async (name): Promise<Lease | null> => {
        if (this.holders.has(name) || this.dead.has(instance)) return null;
        const listeners: Array<(error: Error) => void> = [];
        this.holders.set(name, { instance, lose: (error) => listeners.forEach((listener) => listener(error)) });
        return { onLost: (listener) => listeners.push(listener), release: async () => void this.holders.delete(name) };
      },
    };
  }

  holderOf(name: string): string | undefined {
    return this.holders.get(name)?.instance;
  }

  crash(instance: string): void {
    this.dead.add(instance);
    for (const [name, holder] of [...this.holders]) {
      if (holder.instance !== instance) continue;
      this.holders.delete(name);
      holder.lose(new Error('connection terminated'));
    }
  }
}

describe('ProjectionSupervisor with leases (several instances on one read store)', () => {
  let store: SqliteEventStore;
  let readStore: SqliteReadStore;
  let leases: LeaseTable;
  let handled: Record<string, number>;
  let first: ProjectionSupervisor;
  let second: ProjectionSupervisor;

  const instance = (name: string) => {
    const supervisor = new ProjectionSupervisor(store, readStore, leases.for(name), RETRY_MS);
    supervisor.registerProjection(counter);
    const reactor: Reactor = { name: 'greeter', handle: async () => void (handled[name] = (handled[name] ?? 0) + 1) };
    supervisor.registerReactor(reactor);
    return supervisor;
  };
  const append = async (from: number, count: number) => (await store.appendToStream(`s-${from}`, events(from, count))).position;
  const count = async () =>
    (await readStore.query(`SELECT count FROM "${readStore.tableName('counter', 'counts', first.activeGeneration('counter'))}"`))[0]?.count;
  const statusOf = async (supervisor: ProjectionSupervisor, name: string) => (await supervisor.status()).find((status) => status.name === name)!;

  beforeEach(async () => {
    store = new SqliteEventStore({ path: ':memory:', now });
    readStore = new SqliteReadStore(store.database);
    leases = new LeaseTable();
    handled = {};
    for (const level of ['log', 'warn', 'error'] as const) jest.spyOn(Logger.prototype, level).mockImplementation(() => undefined);
    first = instance('first');
    second = instance('second');
    await first.start();
    await second.start();
  });
  afterEach(async () => {
    await first.stop();
    await second.stop();
    await store.close();
    jest.restoreAllMocks();
  });

  it('the first instance to start runs the projection and the reactor', () => {
    expect([leases.holderOf('counter'), leases.holderOf('greeter')]).toEqual(['first', 'first']);
  });

  it('the other stands by: its status says so, with the checkpoint the holder committed', async () => {
    const position = await append(1, 3);
    expect(await first.waitFor('counter', position, WAIT_MS)).toBe(true);
    expect(await statusOf(second, 'counter')).toMatchObject({ status: 'standby', checkpoint: String(position), lagEvents: 0 });
  });

  it('read-your-writes on the standby waits for the checkpoint in the store', async () => {
    const position = await append(1, 3);
    expect(await second.waitFor('counter', position, WAIT_MS)).toBe(true);
  });

  it('read-your-writes on the standby gives up after its timeout when nobody applies the position', async () => {
    await first.stop();
    await second.stop();
    const position = await append(1, 1);
    expect(await second.waitFor('counter', position, 120)).toBe(false);
  });

  it('the standby queries the generation the holder activated after a rebuild', async () => {
    await append(1, 2);
    const { generation } = await first.rebuild('counter');
    await until(async () => first.activeGeneration('counter') === generation, { pollMs: 5 });
    await second.waitFor('counter', 2n, WAIT_MS);
    expect(second.activeGeneration('counter')).toBe(generation);
  });

  it('refuses a rebuild on the standby, naming the projection', async () => {
    await expect(second.rebuild('counter')).rejects.toThrow(ProjectionRunElsewhereError);
  });

  it('runs the reactor on the holder only', async () => {
    const position = await append(1, 4);
    await until(async () => (await statusOf(first, 'greeter')).checkpoint === String(position), { pollMs: 5 });
    expect(handled).toEqual({ first: 4 });
  });

  describe('when the holder loses its leases', () => {
    beforeEach(async () => {
      await append(1, 5);
      await first.waitFor('counter', 5n, WAIT_MS);
      leases.crash('first');
    });

    it('the holder stops running them', async () => {
      expect((await statusOf(first, 'counter')).status).toBe('standby');
    });

    it('the standby takes over within the retry interval', async () => {
      await until(() => leases.holderOf('counter') === 'second', { pollMs: 5 });
      expect((await statusOf(second, 'counter')).status).toBe('running');
    });

    it('carries on from the checkpoint: every event counted once', async () => {
      const position = await append(6, 4);
      expect(await second.waitFor('counter', position, WAIT_MS)).toBe(true);
      expect(await count()).toBe(9);
    });
  });

  it('a stopped instance hands its leases over', async () => {
    await first.stop();
    await until(() => leases.holderOf('counter') === 'second' && leases.holderOf('greeter') === 'second', { pollMs: 5 });
    const position = await append(1, 2);
    expect(await second.waitFor('counter', position, WAIT_MS)).toBe(true);
  });
});
