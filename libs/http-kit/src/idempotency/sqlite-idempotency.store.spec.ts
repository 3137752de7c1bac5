import Database from 'better-sqlite3';
import { SqliteWriteGroups } from '@ledger/event-store';
import { SqliteIdempotencyStore } from './sqlite-idempotency.store';

const response = (body: unknown) => ({ requestHash: 'h1', status: 201, body, headers: { etag: '"0"' } });

describe.each([
  ['each record in a commit of its own', false],
  ['records in the commit of their turn (a SqliteWriteGroups)', true],
])('SqliteIdempotencyStore, %s', (_, grouped) => {
  let db: Database.Database;
  let clock: Date;
  let store: SqliteIdempotencyStore;

  beforeEach(() => {
    db = new Database(':memory:');
    clock = new Date('2024-05-01T09:00:00.000Z');
    store = new SqliteIdempotencyStore(db, { now: () => clock, writer: grouped ? new SqliteWriteGroups(db) : undefined });
  });
  afterEach(() => db.close());

  it('finds nothing for a key never used', async () => {
    expect(await store.find('service', 'k1')).toBeUndefined();
  });

  it('gives back the first response as it was sent, keys in their order', async () => {
    await store.remember('service', 'k1', response({ zeta: 1, alpha: { b: 2, a: 1 } }));
    expect(JSON.stringify(await store.find('service', 'k1'))).toBe(JSON.stringify(response({ zeta: 1, alpha: { b: 2, a: 1 } })));
  });

  it('keeps the first response when a second one races in, in the same turn or after', async () => {
    await Promise.all([store.remember('service', 'k1', response({ accountId: 'first' })), store.remember('service', 'k1', response({ accountId: 'second' }))]);
    await store.remember('service', 'k1', response({ accountId: 'third' }));
    expect((await store.find('service', 'k1'))?.body).toEqual({ accountId: 'first' });
  });

  it('keeps keys apart per scope (API key)', async () => {
    await store.remember('service', 'k1', response({ accountId: 'first' }));
    expect(await store.find('other-key', 'k1')).toBeUndefined();
  });

  it('forgets a key after a day', async () => {
    await store.remember('service', 'k1', response({ accountId: 'first' }));
    clock = new Date('2024-05-02T09:00:00.001Z');
    expect(await store.find('service', 'k1')).toBeUndefined();
  });
});
