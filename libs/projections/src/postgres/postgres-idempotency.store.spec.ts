import { PostgresIdempotencyStore } from './postgres-idempotency.store';
import { PostgresReadStore } from './postgres-read-store';
import { TestSchema, testSchema } from './testing';

const response = (body: unknown) => ({ requestHash: 'h1', status: 201, body, headers: { etag: '"0"' } });

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

  it('finds nothing for a key never used', async () => {
    expect(await store.find('service', 'k1')).toBeUndefined();
  });

  it('gives back the first response as it was sent, keys in their order', async () => {
    await store.remember('service', 'k1', response({ zeta: 1, alpha: { b: 2, a: 1 } }));
    const found = await store.find('service', 'k1');
    expect(JSON.stringify(found)).toBe(JSON.stringify(response({ zeta: 1, alpha: { b: 2, a: 1 } })));
  });

  it('keeps the first response when a second one races in', async () => {
    await store.remember('service', 'k1', response({ accountId: 'first' }));
    await store.remember('service', 'k1', response({ accountId: 'second' }));
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
