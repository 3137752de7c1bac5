import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { events, uniqueStream } from '../testing/contract-fixtures';
import { until } from '../testing/until';
import { BackgroundCheckpointer } from './background-checkpointer';
import type { SqliteEventStore } from './sqlite-event-store';
import { TempDatabase } from './testing/temp-database';

/** The connection's own automatic checkpoint threshold, in pages (0: off). */
const autocheckpointOf = (store: SqliteEventStore) => store.database.pragma('wal_autocheckpoint', { simple: true });

describe('BackgroundCheckpointer', () => {
  let file: TempDatabase;
  beforeEach(() => {
    file = new TempDatabase();
  });
  afterEach(() => file.remove());

  it('turns the connection’s own checkpoints off while its thread runs, and back on once stopped', async () => {
    const store = file.open();
    const checkpointer = BackgroundCheckpointer.start(store.database, { intervalMs: 20 });
    await until(() => autocheckpointOf(store) === 0);
    expect(autocheckpointOf(store)).toBe(0);
    await checkpointer.stop();
    expect(autocheckpointOf(store)).toBe(1000);
  });

  it('copies the appended pages into the database file from its own thread', async () => {
    const store = file.open({ checkpointInBackground: true });
    const fileSize = () => statSync(file.path).size;
    await until(() => autocheckpointOf(store) === 0);
    const before = fileSize();
    // About 400 pages: below the 1,000 after which the connection would have checkpointed itself.
    for (let n = 0; n < 20; n++) await store.appendToStream(uniqueStream(), events(...Array.from({ length: 50 }, (_, k) => n * 50 + k)));
    await until(() => fileSize() > before + 100 * 4096);
    expect(fileSize()).toBeGreaterThan(before + 100 * 4096);
  });

  it('keeps the WAL bounded under a steady load that pauses now and then', async () => {
    const store = file.open();
    const checkpointer = BackgroundCheckpointer.start(store.database, { intervalMs: 10, restartFrames: 1000 });
    await until(() => autocheckpointOf(store) === 0);
    let largestWal = 0;
    // About 3,500 pages in all: the WAL would hold them all if it never started over past 1,000.
    for (let n = 0; n < 70; n++) {
      await store.appendToStream(uniqueStream(), events(...Array.from({ length: 50 }, (_, k) => n * 50 + k)));
      largestWal = Math.max(largestWal, statSync(`${file.path}-wal`).size);
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    await checkpointer.stop();
    expect(largestWal).toBeLessThan(2000 * 4096);
  });

  it('never waits for a reader: its last checkpoint ends while a read that holds the WAL is still open', async () => {
    const store = file.open();
    // A busy timeout of a minute: a checkpoint that waited for the reader would outlast the test.
    const checkpointer = BackgroundCheckpointer.start(store.database, { intervalMs: 60_000, busyTimeoutMs: 60_000, restartFrames: 1000 });
    await until(() => autocheckpointOf(store) === 0);
    await store.appendToStream(uniqueStream(), events(1));
    const reader = new Database(file.path, { readonly: true });
    // An unfinished iteration keeps its read transaction, and its snapshot of the WAL, open.
    const rows = reader.prepare('SELECT position FROM events').iterate();
    rows.next();
    // Over 1,000 frames (a commit each), past which the last checkpoint is a RESTART.
    store.database.exec('CREATE TABLE filler (n INTEGER)');
    const fill = store.database.prepare('INSERT INTO filler (n) VALUES (?)');
    for (let n = 0; n < 1100; n++) fill.run(n);
    await checkpointer.stop();
    expect(rows.next().done).toBe(true);
    reader.close();
  });

  it('leaves every appended event readable after the store closes and opens again', async () => {
    const stream = uniqueStream();
    const store = file.open({ checkpointInBackground: true });
    await store.appendToStream(stream, events(1, 2, 3));
    await store.close();
    const reopened = new Database(file.path, { readonly: true });
    expect(reopened.prepare('SELECT count(*) FROM events WHERE stream = ?').pluck().get(stream)).toBe(3);
    reopened.close();
  });

  it('refuses an in-memory database, which has no WAL', () => {
    expect(() => BackgroundCheckpointer.start(new Database(':memory:'))).toThrow(TypeError);
  });
});
