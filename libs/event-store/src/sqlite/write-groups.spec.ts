import Database from 'better-sqlite3';
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
});
