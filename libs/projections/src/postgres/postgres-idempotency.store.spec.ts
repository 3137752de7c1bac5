import { describeIdempotencyStoreContract } from '@ledger/http-kit/idempotency/idempotency-store.contract';
import { PostgresIdempotencyStore } from './postgres-idempotency.store';
import { PostgresReadStore } from './postgres-read-store';
import { TestSchema, testSchema } from './testing';

const response = (body: unknown) => ({ requestHash: 'h1', status: 201, body, headers: { etag: '"0"' } });

describeIdempotencyStoreContract('PostgresIdempotencyStore', async (now) => {
  const target = testSchema();
  const readStore = await PostgresReadStore.open({ url: target.url });
  return {
    store: new PostgresIdempotencyStore(readStore.pool, now),
    close: async () => {
      await readStore.close();
      await target.drop();
    },
  };
});

describe('PostgresIdempotencyStore', () => {
  let target: TestSchema;
  let readStore: PostgresReadStore;
  let clock: Date;
  let store: PostgresIdempotencyStore;

  beforeEach(async () => {
    target = testSchema();
    readStore = await PostgresReadStore.open({ url: target.url });
    clock = new Date('2024-05-01T09:00:00.000Z');
    store = new PostgresIdempotencyStore(readStore.pool, () => clock);
  });
  afterEach(async () => {
    await readStore.close();
    await target.drop();
  });

  it('purges the records past retention', async () => {
    await store.remember('service', 'old', response(null));
    clock = new Date('2024-05-02T10:00:00.000Z');
    await store.remember('service', 'new', response(null));
    expect(await store.purgeExpired()).toBe(1);
  });

  it('is shared by instances: a retry on another one finds the first response', async () => {
    const other = await PostgresReadStore.open({ url: target.url });
    await store.remember('service', 'k1', response({ accountId: 'first' }));
    const found = await new PostgresIdempotencyStore(other.pool, () => clock).find('service', 'k1');
    await other.close();
    expect(found?.body).toEqual({ accountId: 'first' });
  });
});
