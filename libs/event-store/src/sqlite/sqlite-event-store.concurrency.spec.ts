import Database from 'better-sqlite3';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../event-store.errors';
import { events, uniqueStream } from '../testing/contract-fixtures';
import { ChildProcessWriter } from './testing/child-process-writer';
import { TempDatabase } from './testing/temp-database';

/** Events reach the log from other connections and processes sharing the file. */
describe('SqliteEventStore shared by several connections', () => {
  let file: TempDatabase;
  beforeEach(() => {
    file = new TempDatabase();
  });
  afterEach(() => file.remove());

  it('a live subscription sees what a second connection appends', async () => {
    const [subscriber, writer] = [file.open(), file.open()];
    const delivered = subscriber.subscribeToAll()[Symbol.asyncIterator]();
    const next = delivered.next();
    await writer.appendToStream(uniqueStream(), events(7));
    expect((await next).value.data.n).toBe(7);
    await delivered.return?.(undefined);
  });

  it('an append at a revision a second connection took first fails with WrongExpectedRevisionError', async () => {
    const stream = uniqueStream();
    const [mine, theirs] = [file.open(), file.open()];
    const { nextExpectedRevision } = await mine.appendToStream(stream, events(1));
    await theirs.appendToStream(stream, events(2), { expectedRevision: nextExpectedRevision });
    const append = mine.appendToStream(stream, events(3), { expectedRevision: nextExpectedRevision });
    await expect(append).rejects.toEqual(new WrongExpectedRevisionError(stream, 0, 1));
  });

  it('a clash on the UNIQUE (stream, revision) rule surfaces as WrongExpectedRevisionError', async () => {
    const stream = uniqueStream();
    const store = file.open();
    await store.appendToStream(stream, events(1));
    // BEGIN IMMEDIATE keeps other writers out between the check and the insert, so a clash can only
    // be staged: this trigger takes the revision inside the append's own transaction.
    store.database.exec(`
      CREATE TEMP TRIGGER take_revision BEFORE INSERT ON main.events WHEN NEW.event_id <> 'thief'
      BEGIN
        INSERT INTO events (stream, revision, event_id, type, data, metadata, recorded_at)
        VALUES (NEW.stream, NEW.revision, 'thief', 'Taken', '{}', '{}', NEW.recorded_at);
      END`);
    const append = store.appendToStream(stream, events(2), { expectedRevision: 0 });
    // The staged row rolls back with the append, so the stream still ends at revision 0.
    await expect(append).rejects.toEqual(new WrongExpectedRevisionError(stream, 0, 0));
  });

  it('fails with EventStoreUnavailableError when another connection keeps the write lock past the busy timeout', async () => {
    const store = file.open({ busyTimeoutMs: 50 });
    const other = new Database(file.path);
    other.exec('BEGIN IMMEDIATE');
    // The append's group commits on the next turn of the event loop, while the lock is still held.
    await expect(store.appendToStream(uniqueStream(), events(1))).rejects.toBeInstanceOf(EventStoreUnavailableError);
    other.exec('ROLLBACK');
    other.close();
    expect(await store.headPosition()).toBeNull();
  });

  it('waits for another process’s write lock, then appends after its event', async () => {
    const stream = uniqueStream();
    const store = file.open();
    const child = new ChildProcessWriter(file.path, stream, 300);
    await child.holdsLock();
    const result = await store.appendToStream(stream, events(1), { expectedRevision: 0 });
    expect({ revision: result.nextExpectedRevision, childExit: await child.exitCode() }).toEqual({ revision: 1, childExit: 0 });
  });

  it('a live subscription sees what another process appends', async () => {
    const stream = uniqueStream();
    const store = file.open();
    const delivered = store.subscribeToAll()[Symbol.asyncIterator]();
    const next = delivered.next();
    expect(await new ChildProcessWriter(file.path, stream).exitCode()).toBe(0);
    expect((await next).value).toMatchObject({ stream, revision: 0, type: 'WrittenElsewhere' });
    await delivered.return?.(undefined);
  });
});
