import { EventStoreUnavailableError } from '../event-store.errors';
import { events, uniqueStream } from '../testing/contract-fixtures';
import { SqliteEventStore } from './sqlite-event-store';
import { TempDatabase } from './testing/temp-database';

/**
 * Faults of the disk under the log. Tests run as root, for whom file modes restrict nothing, so
 * the connection itself stands in: `query_only` refuses writes as a read-only file does
 * (SQLITE_READONLY), and `max_page_count` at the current size refuses growth as a full disk does
 * (SQLITE_FULL).
 */
describe('SqliteEventStore when the disk refuses writes', () => {
  let file: TempDatabase;
  let store: SqliteEventStore;
  beforeEach(() => {
    file = new TempDatabase();
    store = file.open();
  });
  afterEach(() => file.remove());

  const readOnly = (on: boolean) => store.database.pragma(`query_only = ${on ? 'ON' : 'OFF'}`);
  /** Appends until the file would have to grow past its current size: the disk is then full. */
  const fillDisk = async (stream: string) => {
    store.database.pragma(`max_page_count = ${store.database.pragma('page_count', { simple: true })}`);
    for (let n = 0; ; n++) {
      try {
        await store.appendToStream(stream, events(n));
      } catch (error) {
        return error;
      }
    }
  };

  it('answers an append to a read-only file with EventStoreUnavailableError naming SQLITE_READONLY', async () => {
    readOnly(true);
    const error = await store.appendToStream(uniqueStream(), events(1)).catch((refusal: unknown) => refusal);
    expect([error instanceof EventStoreUnavailableError, (error as Error).message]).toEqual([
      true,
      "The event log's database is read-only (SQLITE_READONLY): nothing was written; retry once it is fixed",
    ]);
  });

  it('writes nothing when the file is read-only', async () => {
    const head = await store.headPosition();
    readOnly(true);
    await store.appendToStream(uniqueStream(), events(1, 2, 3)).catch(() => undefined);
    expect(await store.headPosition()).toBe(head);
  });

  it('still reads a read-only file', async () => {
    const stream = uniqueStream();
    await store.appendToStream(stream, events(1, 2));
    readOnly(true);
    expect((await store.readStream(stream)).map((event) => event.data.n)).toEqual([1, 2]);
  });

  it('appends again once the file is writable again', async () => {
    const stream = uniqueStream();
    readOnly(true);
    await store.appendToStream(stream, events(1)).catch(() => undefined);
    readOnly(false);
    expect((await store.appendToStream(stream, events(1))).nextExpectedRevision).toBe(0);
  });

  it('answers an append to a full disk with EventStoreUnavailableError naming SQLITE_FULL', async () => {
    const error = await fillDisk(uniqueStream());
    expect([error instanceof EventStoreUnavailableError, (error as Error).message]).toEqual([
      true,
      'The disk holding the event log is full (SQLITE_FULL): nothing was written; retry once it is fixed',
    ]);
  });

  it('writes no append of a group when the full disk refuses one of them', async () => {
    await fillDisk(uniqueStream());
    const head = await store.headPosition();
    const [small, big] = [uniqueStream(), uniqueStream()];
    const outcomes = await Promise.allSettled([
      store.appendToStream(small, events(1)),
      store.appendToStream(big, events(...Array.from({ length: 50 }, (_, n) => n))),
    ]);
    expect(outcomes.map((outcome) => outcome.status === 'rejected' && outcome.reason instanceof EventStoreUnavailableError)).toEqual([true, true]);
    expect([await store.headPosition(), await store.readStream(small), await store.readStream(big)]).toEqual([head, [], []]);
  });

  it('writes no part of a batch the full disk refused', async () => {
    await fillDisk(uniqueStream());
    const head = await store.headPosition();
    const stream = uniqueStream();
    const big = events(...Array.from({ length: 50 }, (_, n) => n));
    await store.appendToStream(stream, big).catch(() => undefined);
    expect([await store.headPosition(), await store.readStream(stream)]).toEqual([head, []]);
  });

  it('appends again once space is freed, after the last event it kept', async () => {
    const stream = uniqueStream();
    await fillDisk(stream);
    const kept = (await store.readStream(stream)).length;
    store.database.pragma('max_page_count = 1073741823');
    expect((await store.appendToStream(stream, events(-1))).nextExpectedRevision).toBe(kept);
  });
});
