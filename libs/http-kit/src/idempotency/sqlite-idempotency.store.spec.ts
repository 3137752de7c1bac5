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
