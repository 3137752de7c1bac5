import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteWriteGroups } from './write-groups';

describe('SqliteWriteGroups', () => {
  let db: Database.Database;
  let groups: SqliteWriteGroups;
  const insert = (id: string) => () => db.prepare('INSERT INTO notes (id) VALUES (?)').run(id).changes;
  const ids = () => db.prepare('SELECT id FROM notes ORDER BY rowid').pluck().all();

  beforeEach(() => {
    db = new Database(':memory:');
    db.exec('CREATE TABLE notes (id TEXT PRIMARY KEY)');
    groups = new SqliteWriteGroups(db);
  });
  afterEach(() => db.close());

  it('answers each write with what it returned, once written, in the order asked', async () => {
    const answers = await Promise.all([groups.run(insert('a')), groups.run(() => ids()), groups.run(insert('b'))]);
    expect(answers).toEqual([1, ['a'], 1]);
    expect(ids()).toEqual(['a', 'b']);
  });

  it('fails a write that throws alone: its savepoint is undone, the rest of the group is written', async () => {
    const outcomes = await Promise.allSettled([
      groups.run(insert('a')),
      groups.run(() => {
        insert('b')();
        insert('a')(); // a duplicate key: this write fails, its 'b' with it
      }),
      groups.run(insert('c')),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(ids()).toEqual(['a', 'c']);
  });

  it('writes the others again when one write made SQLite roll back the whole transaction', async () => {
    // A full database (no page left to grow into) makes SQLite undo the whole transaction.
    db.exec("CREATE TABLE blobs (body TEXT)");
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true })}`);
    const outcomes = await Promise.allSettled([
      groups.run(insert('a')),
      groups.run(() => db.prepare('INSERT INTO blobs (body) VALUES (?)').run('x'.repeat(100_000)).changes),
      groups.run(insert('b')),
    ]);
    expect(outcomes.map((outcome) => (outcome.status === 'rejected' ? (outcome.reason as { code: string }).code : outcome.value))).toEqual([
      1,
      'SQLITE_FULL',
      1,
    ]);
    expect(ids()).toEqual(['a', 'b']);
  });

  it('fails every write of a group its commit refuses, and writes none of them', async () => {
    // A deferred foreign key is checked at COMMIT: the statement passes, the commit fails.
    db.pragma('foreign_keys = ON');
    db.exec('CREATE TABLE owners (id TEXT PRIMARY KEY)');
    db.exec('CREATE TABLE pets (owner TEXT REFERENCES owners (id) DEFERRABLE INITIALLY DEFERRED)');
    const outcomes = await Promise.allSettled([
      groups.run(insert('a')),
      groups.run(() => db.prepare("INSERT INTO pets (owner) VALUES ('nobody')").run().changes),
    ]);
    expect(outcomes.map((outcome) => (outcome.status === 'rejected' ? (outcome.reason as Error).message : 'written'))).toEqual([
      'FOREIGN KEY constraint failed',
      'FOREIGN KEY constraint failed',
    ]);
    expect([ids(), db.inTransaction]).toEqual([[], false]);
  });

  it('commits a later turn’s writes in a group of their own', async () => {
    await groups.run(insert('a'));
    // better-sqlite3's errors are not instanceof Error under Jest (see sqlite-errors.ts): compare messages.
    await expect(groups.run(insert('a')).catch((error: Error) => error.message)).resolves.toBe('UNIQUE constraint failed: notes.id');
    expect(ids()).toEqual(['a']);
  });

  it('commits the writes queued so far when asked to, without waiting for the turn to end', async () => {
    const write = groups.run(insert('a'));
    groups.commit();
    expect(ids()).toEqual(['a']);
    await expect(write).resolves.toBe(1);
  });

  describe('with the write lock taken by another connection', () => {
    let directory: string;
    let other: Database.Database;
    let notes: () => unknown[];
    beforeEach(() => {
      db.close();
      directory = mkdtempSync(join(tmpdir(), 'write-groups-'));
      const path = join(directory, 'notes.sqlite');
      db = new Database(path, { timeout: 2000 });
      db.pragma('journal_mode = WAL');
      db.exec('CREATE TABLE notes (id TEXT PRIMARY KEY)');
      groups = new SqliteWriteGroups(db);
      other = new Database(path);
      other.exec('BEGIN IMMEDIATE');
      notes = () => db.prepare('SELECT id FROM notes ORDER BY rowid').pluck().all();
    });
    afterEach(() => {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
      db.close();
      rmSync(directory, { recursive: true, force: true });
      db = new Database(':memory:');
    });

    it('waits for it without holding the event loop, the writes asked for meanwhile joining the group', async () => {
      const first = groups.run(insert('a'));
      // Only a timer of this thread lets the lock go: a group waiting inside SQLite would sleep
      // through it until its busy timeout, and fail.
      await new Promise((resolve) => setTimeout(resolve, 30));
      const second = groups.run(insert('b'));
      const released = new Promise<void>((resolve) =>
        setTimeout(() => {
          if (other.open) other.exec('COMMIT');
          resolve();
        }, 30),
      );
      await expect(Promise.all([first, second, released])).resolves.toEqual([1, 1, undefined]);
      expect(notes()).toEqual(['a', 'b']);
    });

    it('fails the group once the busy timeout has passed, and keeps the connection’s own busy timeout', async () => {
      db.pragma('busy_timeout = 100');
      groups = new SqliteWriteGroups(db);
      const started = Date.now();
      const outcome = await groups.run(insert('a')).catch((error: { code?: string }) => error.code);
      expect([outcome, Date.now() - started >= 100, db.pragma('busy_timeout', { simple: true })]).toEqual(['SQLITE_BUSY', true, 100]);
      expect(notes()).toEqual([]);
    });
  });
});
