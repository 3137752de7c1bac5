import type { IdempotencyStore } from './idempotency.store';

/** A store under test, on a clock the suite moves, and how to release it. */
export interface IdempotencyStoreHarness {
  readonly store: IdempotencyStore;
  close(): Promise<void>;
}

const response = (body: unknown) => ({ requestHash: 'h1', status: 201, body, headers: { etag: '"0"' } });

/**
 * What every IdempotencyStore must do, run against each one (SQLite, PostgreSQL). `open` gets
 * the clock the store must read its time from.
 */
export function describeIdempotencyStoreContract(name: string, open: (now: () => Date) => Promise<IdempotencyStoreHarness>): void {
  describe(`${name} (IdempotencyStore contract)`, () => {
    let clock: Date;
    let harness: IdempotencyStoreHarness;
    let store: IdempotencyStore;

    beforeEach(async () => {
      clock = new Date('2024-05-01T09:00:00.000Z');
      harness = await open(() => clock);
      store = harness.store;
    });
    afterEach(() => harness.close());

    it('finds nothing for a key never used', async () => {
      expect(await store.find('service', 'k1')).toBeUndefined();
    });

    it('gives back the first response as it was sent, keys in their order', async () => {
      await store.remember('service', 'k1', response({ zeta: 1, alpha: { b: 2, a: 1 } }));
      expect(JSON.stringify(await store.find('service', 'k1'))).toBe(JSON.stringify(response({ zeta: 1, alpha: { b: 2, a: 1 } })));
    });

    it('keeps the first response when others race in, at once or after', async () => {
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
}
