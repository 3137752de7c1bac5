import { chainEvents, EventStore, SqliteEventStore } from '@ledger/event-store';
import { Decider } from './decider';
import { StreamStateCache } from './stream-state-cache';
import { TempDatabase } from '@ledger/event-store/sqlite/testing/temp-database';

/** A running total: the state is the sum of the events' `by`. */
type Added = { type: 'Added'; data: { by: number } };
const total: Pick<Decider<unknown, number, Added>, 'initialState' | 'evolve'> = { initialState: 0, evolve: (sum, event) => sum + event.data.by };

let ids = 0;
const added = (by: number, idempotencyKey: string | null = null) => ({
  id: `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
  type: 'Added',
  data: { by },
  metadata: { actor: { role: 'service', keyId: 'k1' }, idempotencyKey },
});

/** Counts the events the store hands out, to see what a load reads. */
function counting(store: EventStore): { store: EventStore; read: () => number } {
  let read = 0;
  const readStream = store.readStream.bind(store);
  store.readStream = async (...args) => {
    const events = await readStream(...args);
    read += events.length;
    return events;
  };
  return { store, read: () => read };
}

describe('StreamStateCache', () => {
  let store: SqliteEventStore;
  beforeEach(() => (store = new SqliteEventStore({ path: ':memory:' })));
  afterEach(() => store.close());

  it('folds the whole stream on the first load', async () => {
    await store.appendToStream('s', [added(1), added(2)]);
    expect((await new StreamStateCache(store).load('s', total)).state).toBe(3);
  });

  it('reads only the events appended since its last load', async () => {
    const { read } = counting(store);
    const cache = new StreamStateCache(store);
    await store.appendToStream('s', [added(1), added(2)]);
    await cache.load('s', total);
    await store.appendToStream('s', [added(4)]);
    expect([(await cache.load('s', total)).state, read()]).toEqual([7, 3]);
  });

  it('keeps the last event’s revision, position and hash for the next append to chain to', async () => {
    await store.appendToStream('s', chainEvents('s', undefined, [added(1), added(2)]));
    const [, last] = await store.readStream('s');
    const { tail } = await new StreamStateCache(store).load('s', total);
    expect(tail).toEqual({ revision: 1, position: last.position, metadata: { hash: last.metadata.hash } });
  });

  it('finds an idempotency key by caller, with the last event written under it', async () => {
    await store.appendToStream('s', [added(1, 'key-1'), added(2, 'key-1'), added(3, 'key-2')]);
    const [, second] = await store.readStream('s');
    const { keys } = await new StreamStateCache(store).load('s', total);
    expect(keys.get('k1\u0000key-1')).toEqual({ revision: 1, position: second.position });
  });

  it('sees what another connection to the file appended', async () => {
    const file = new TempDatabase();
    const [mine, theirs] = [file.open(), file.open()];
    try {
      const cache = new StreamStateCache(mine);
      await mine.appendToStream('s', [added(1)]);
      await cache.load('s', total);
      await theirs.appendToStream('s', [added(10)]);
      expect((await cache.load('s', total)).state).toBe(11);
    } finally {
      await file.remove();
    }
  });

  it('folds each event once when two loads of a stream overlap', async () => {
    const cache = new StreamStateCache(store);
    await store.appendToStream('s', [added(1), added(2)]);
    const [first, second] = await Promise.all([cache.load('s', total), cache.load('s', total)]);
    expect([first.state, second.state]).toEqual([3, 3]);
  });

  it('drops the least recently used stream once over capacity, and reads it whole again', async () => {
    const { read } = counting(store);
    const cache = new StreamStateCache(store, 2);
    for (const stream of ['a', 'b', 'c']) await store.appendToStream(stream, [added(1)]);
    for (const stream of ['a', 'b', 'c']) await cache.load(stream, total);
    await cache.load('a', total);
    expect([cache.size, read()]).toEqual([2, 4]);
  });

  it('never folds a partial read onto an entry dropped while the read was in flight', async () => {
    const cache = new StreamStateCache(store);
    await store.appendToStream('s', [added(1), added(2)]);
    await cache.load('s', total);
    await store.appendToStream('s', [added(4)]);
    // The load reads from revision 2; while it waits, the entry is dropped (as under memory pressure).
    const readStream = store.readStream.bind(store);
    store.readStream = async (...args) => {
      const events = await readStream(...args);
      cache.forget('s');
      store.readStream = readStream;
      return events;
    };
    expect((await cache.load('s', total)).state).toBe(7);
  });

  it('starts afresh for a stream loaded with another decider', async () => {
    await store.appendToStream('s', [added(1), added(2)]);
    const cache = new StreamStateCache(store);
    await cache.load('s', total);
    const count: typeof total = { initialState: 0, evolve: (sum) => sum + 1 };
    expect((await cache.load('s', count)).state).toBe(2);
  });
});
