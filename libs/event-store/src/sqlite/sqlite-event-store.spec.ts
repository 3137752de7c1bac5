import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { describeEventStoreContract } from '../event-store.contract';
import { WrongExpectedRevisionError } from '../event-store.errors';
import { eventId, events, uniqueStream } from '../testing/contract-fixtures';
import { SqliteEventStore } from './sqlite-event-store';
import { EVENT_LOG_SCHEMA_VERSION } from './sqlite-schema';
import { TempDatabase } from './testing/temp-database';

describeEventStoreContract('SqliteEventStore on a file', async () => {
  const file = new TempDatabase();
  return { store: file.open(), dispose: () => file.remove() };
});

describeEventStoreContract('SqliteEventStore in memory', async () => {
  const store = new SqliteEventStore({ path: ':memory:' });
  return { store, dispose: () => store.close() };
});

describe('SqliteEventStore on a file', () => {
  let file: TempDatabase;
  beforeEach(() => {
    file = new TempDatabase();
  });
  afterEach(() => file.remove());

  it('creates the file’s missing parent directory', () => {
    file.open();
    expect(existsSync(file.path)).toBe(true);
  });

  it('puts the file in WAL mode', () => {
    expect(file.open().database.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('syncs NORMAL (1), not FULL', () => {
    expect(file.open().database.pragma('synchronous', { simple: true })).toBe(1);
  });

  it('records the log’s schema version in user_version', () => {
    expect(file.open().database.pragma('user_version', { simple: true })).toBe(EVENT_LOG_SCHEMA_VERSION);
  });

  it('refuses a file whose log schema is newer than the code', async () => {
    await file.open().close();
    const raw = new Database(file.path);
    raw.pragma(`user_version = ${EVENT_LOG_SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => file.open()).toThrow(/newer/);
  });

  it('keeps its events when the file is reopened', async () => {
    const stream = uniqueStream();
    const first = file.open();
    await first.appendToStream(stream, events(1, 2));
    await first.close();
    expect((await file.open().readStream(stream)).map((event) => event.data.n)).toEqual([1, 2]);
  });

  it('stamps recordedAt with the injected clock', async () => {
    const store = file.open({ now: () => new Date('2030-01-02T03:04:05.678Z') });
    await store.appendToStream(uniqueStream(), events(1));
    expect((await store.readAll())[0].recordedAt.toISOString()).toBe('2030-01-02T03:04:05.678Z');
  });

  it('shares its connection for tables kept next to the log', async () => {
    const store = file.open();
    await store.appendToStream(uniqueStream(), events(1, 2));
    expect(store.database.prepare('SELECT count(*) FROM events').pluck().get()).toBe(2);
  });

  it('reads at most 4096 events from readAll unless told otherwise', async () => {
    const store = file.open();
    const many = Array.from({ length: 5000 }, (_, i) => i + 1);
    await store.appendToStream(uniqueStream(), events(...many));
    expect((await store.readAll()).length).toBe(SqliteEventStore.DEFAULT_READ_ALL_MAX_COUNT);
  });

  it('counts the events after a position, after none, and up to a cap, without reading them', async () => {
    const store = file.open();
    await store.appendToStream(uniqueStream(), events(1, 2, 3, 4, 5));
    expect([await store.countAfter(2n, 100), await store.countAfter(undefined, 100), await store.countAfter(1n, 3), await store.countAfter(5n, 100)])
      .toEqual([3, 5, 3, 0]);
  });

  it('refuses a negative cap for countAfter', async () => {
    await expect(file.open().countAfter(undefined, -1)).rejects.toThrow('cap must be a non-negative integer, got -1');
  });

  it('subscribes through more than one catch-up page without gaps', async () => {
    const store = file.open();
    await store.appendToStream(uniqueStream(), events(...Array.from({ length: 1300 }, (_, i) => i + 1)));
    const positions: bigint[] = [];
    for await (const event of store.subscribeToAll()) if (positions.push(event.position) === 1300) break;
    expect(positions).toEqual((await store.readAll()).map((event) => event.position));
  });

  it('wakes its own subscribers on append, without waiting for the next poll', async () => {
    const store = file.open({ pollIntervalMs: 60_000 });
    const subscription = store.subscribeToAll()[Symbol.asyncIterator]();
    const next = subscription.next();
    await store.appendToStream(uniqueStream(), events(1));
    expect((await next).value.data.n).toBe(1);
    await subscription.return?.(undefined);
  });

  it('ends live subscriptions on close', async () => {
    const store = file.open();
    const loop = (async () => {
      for await (const event of store.subscribeToAll()) void event;
      return 'ended';
    })();
    await store.close();
    expect(await loop).toBe('ended');
  });

  it('refuses work once closed', async () => {
    const store = file.open();
    await store.close();
    await expect(store.readAll()).rejects.toThrow('SqliteEventStore is closed');
  });

  it('can be closed twice', async () => {
    const store = file.open();
    await store.close();
    await expect(store.close()).resolves.toBeUndefined();
  });

  describe('group commit (appends asked for in one turn of the event loop)', () => {
    it('answers each append with its own revision, the positions in the order asked', async () => {
      const store = file.open();
      const [first, second] = [uniqueStream(), uniqueStream()];
      const results = await Promise.all([
        store.appendToStream(first, events(1, 2)),
        store.appendToStream(second, events(3)),
        store.appendToStream(first, events(4), { expectedRevision: 1 }),
      ]);
      expect(results).toEqual([
        { nextExpectedRevision: 1, position: 2n },
        { nextExpectedRevision: 0, position: 3n },
        { nextExpectedRevision: 2, position: 4n },
      ]);
    });

    it('refuses a stale expected revision alone: the other appends of the group are written', async () => {
      const store = file.open();
      const stream = uniqueStream();
      const outcomes = await Promise.allSettled([
        store.appendToStream(stream, events(1), { expectedRevision: 'no_stream' }),
        store.appendToStream(stream, events(2), { expectedRevision: 'no_stream' }),
        store.appendToStream(stream, events(3), { expectedRevision: 0 }),
      ]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect((await store.readStream(stream)).map((event) => event.id)).toEqual([eventId(1), eventId(3)]);
    });

    it('writes the appends still waiting for their group when the store is closed', async () => {
      const store = file.open();
      const stream = uniqueStream();
      const append = store.appendToStream(stream, events(1));
      await store.close();
      await expect(append).resolves.toEqual({ nextExpectedRevision: 0, position: 1n });
      const reopened = file.open();
      expect((await reopened.readStream(stream)).map((event) => event.id)).toEqual([eventId(1)]);
    });
  });
});

