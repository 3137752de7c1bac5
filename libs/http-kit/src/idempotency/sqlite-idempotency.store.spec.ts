import { Logger } from '@nestjs/common';
import Database from 'better-sqlite3';
import { SqliteWriteGroups } from '@ledger/event-store';
import { describeIdempotencyStoreContract } from './idempotency-store.contract';
import { SqliteIdempotencyStore } from './sqlite-idempotency.store';

describeIdempotencyStoreContract('SqliteIdempotencyStore, each record in a commit of its own', async (now) => {
  const db = new Database(':memory:');
  return { store: new SqliteIdempotencyStore(db, { now }), close: async () => void db.close() };
});

describeIdempotencyStoreContract('SqliteIdempotencyStore, records in the commit of their turn (SqliteWriteGroups)', async (now) => {
  const db = new Database(':memory:');
  return { store: new SqliteIdempotencyStore(db, { now, writer: new SqliteWriteGroups(db) }), close: async () => void db.close() };
});

describe('SqliteIdempotencyStore, records written behind the answer', () => {
  const response = { requestHash: 'h1', status: 201, body: { accountId: 'acme' }, headers: { etag: '"0"' } };
  let db: Database.Database;
  const rowsWritten = () => (db.prepare('SELECT key FROM idempotency_records').all() as Array<{ key: string }>).map((row) => row.key);
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

  beforeEach(() => {
    db = new Database(':memory:');
  });
  afterEach(() => db.close());

  it('returns before the record is committed, finds it meanwhile, and commits it with the next group', async () => {
    const store = new SqliteIdempotencyStore(db, { writer: new SqliteWriteGroups(db) });
    await store.remember('service', 'k1', response);
    const meanwhile = [rowsWritten(), await store.find('service', 'k1')];
    await nextTurn();
    expect([meanwhile, rowsWritten(), await store.find('service', 'k1')]).toEqual([[[], response], ['k1'], response]);
  });

  it('forgets a record it could not write, and says so in a warning', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const failing = { run: () => Promise.reject(new Error('disk full')) };
    const store = new SqliteIdempotencyStore(db, { writer: failing });
    await store.remember('service', 'k1', response);
    await nextTurn();
    expect([await store.find('service', 'k1'), warn.mock.calls.map(([, message]) => message)]).toEqual([
      undefined, ['Could not remember an idempotent response'],
    ]);
    warn.mockRestore();
  });

  it('without a writer, has the record written when remember returns', async () => {
    const store = new SqliteIdempotencyStore(db);
    await store.remember('service', 'k1', response);
    expect(rowsWritten()).toEqual(['k1']);
  });
});

describe('SqliteIdempotencyStore, its table', () => {
  const response = { requestHash: 'h1', status: 201, body: { accountId: 'acme' }, headers: {} };
  const withoutRowid = (db: Database.Database) =>
    (db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'idempotency_records'").pluck().get() as string).endsWith('WITHOUT ROWID');

  it('is created WITHOUT ROWID', () => {
    const db = new Database(':memory:');
    new SqliteIdempotencyStore(db);
    expect(withoutRowid(db)).toBe(true);
    db.close();
  });

  it('keeps working on the rowid table of a file created before', async () => {
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE idempotency_records (scope TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL,
      status INTEGER NOT NULL, body TEXT NOT NULL, headers TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (scope, key))`);
    const store = new SqliteIdempotencyStore(db);
    await store.remember('service', 'k1', response);
    expect([withoutRowid(db), await store.find('service', 'k1')]).toEqual([false, response]);
    db.close();
  });
});
