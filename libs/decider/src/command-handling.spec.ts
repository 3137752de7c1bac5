import { eventHash, GENESIS_HASH, SqliteEventStore, WrongExpectedRevisionError } from '@ledger/event-store';
import { CommandContext, handleCommand, newEntityId } from './command-handling';
import { Decider } from './decider';
import { conflict } from './domain.errors';

/** A counter that refuses to go past a limit: enough to exercise load, decide, append. */
type Increment = { by: number; limit: number; now: string };
type Incremented = { type: 'Incremented'; data: { by: number; occurredAt: string } };
const counter: Decider<Increment, number, Incremented> = {
  initialState: 0,
  decide: (command, total) => {
    if (total + command.by > command.limit) throw conflict('over-limit', 'The counter would pass its limit');
    return [{ type: 'Incremented', data: { by: command.by, occurredAt: command.now } }];
  },
  evolve: (total, event) => total + event.data.by,
};

const NOW = '2026-01-05T10:00:00.000Z';
const context = (overrides: Partial<CommandContext> = {}): CommandContext => ({
  actor: { role: 'service', keyId: 'a1b2c3d4e5f6' },
  correlationId: 'correlation-1',
  causationId: 'request-1',
  now: NOW,
  ...overrides,
});
const increment = (by: number, limit = 100) => (): Increment => ({ by, limit, now: NOW });

describe('handleCommand', () => {
  let store: SqliteEventStore;
  beforeEach(() => (store = new SqliteEventStore({ path: ':memory:' })));
  afterEach(() => store.close());

  it('appends the decided events at the next revision', async () => {
    await handleCommand(store, counter, 'counter-1', increment(1), context());
    const result = await handleCommand(store, counter, 'counter-1', increment(2), context());
    expect([result.revision, result.replayed, (await store.readStream('counter-1')).length]).toEqual([1, false, 2]);
  });

  it('records actor, correlation, causation, idempotency key and times in metadata', async () => {
    await handleCommand(store, counter, 'counter-1', increment(1), context({ idempotencyKey: 'key-1' }));
    const [event] = await store.readStream('counter-1');
    expect(event.metadata).toEqual({
      actor: { role: 'service', keyId: 'a1b2c3d4e5f6' },
      correlationId: 'correlation-1',
      causationId: 'request-1',
      idempotencyKey: 'key-1',
      occurredAt: NOW,
      recordedAt: NOW,
      hash: eventHash('counter-1', 0, event, GENESIS_HASH),
    });
  });

  it('chains each event to the previous one of its stream', async () => {
    await handleCommand(store, counter, 'counter-1', increment(1), context());
    await handleCommand(store, counter, 'counter-1', increment(1), context());
    const [first, second] = await store.readStream('counter-1');
    expect(second.metadata.hash).toBe(eventHash('counter-1', 1, second, first.metadata.hash as string));
  });

  it('lets a refused decision through and writes nothing', async () => {
    await expect(handleCommand(store, counter, 'counter-1', increment(5, 3), context())).rejects.toThrow('would pass its limit');
    expect(await store.headPosition()).toBeNull();
  });

  it('refuses a stale expected revision (If-Match) before deciding', async () => {
    await handleCommand(store, counter, 'counter-1', increment(1), context());
    await handleCommand(store, counter, 'counter-1', increment(1), context());
    const stale = handleCommand(store, counter, 'counter-1', increment(1), context({ expectedRevision: 0 }));
    await expect(stale).rejects.toBeInstanceOf(WrongExpectedRevisionError);
  });

  it('accepts a matching expected revision', async () => {
    await handleCommand(store, counter, 'counter-1', increment(1), context());
    const result = await handleCommand(store, counter, 'counter-1', increment(1), context({ expectedRevision: 0 }));
    expect(result.revision).toBe(1);
  });

  it('retried with the same idempotency key, answers as before and writes nothing', async () => {
    const first = await handleCommand(store, counter, 'counter-1', increment(1), context({ idempotencyKey: 'key-1' }));
    await handleCommand(store, counter, 'counter-1', increment(1), context());
    const retry = await handleCommand(store, counter, 'counter-1', increment(1), context({ idempotencyKey: 'key-1' }));
    expect([retry.revision, retry.position, retry.replayed, (await store.readStream('counter-1')).length]).toEqual([
      first.revision,
      first.position,
      true,
      2,
    ]);
  });

  it('does not treat another caller\'s identical key as a retry', async () => {
    await handleCommand(store, counter, 'counter-1', increment(1), context({ idempotencyKey: 'key-1' }));
    const other = context({ idempotencyKey: 'key-1', actor: { role: 'admin', keyId: 'ffffffffffff' } });
    const result = await handleCommand(store, counter, 'counter-1', increment(1), other);
    expect([result.replayed, result.revision]).toEqual([false, 1]);
  });

  it('without If-Match, retries when another writer won the race, deciding again on the new state', async () => {
    const racing = await Promise.all(
      Array.from({ length: 3 }, () => handleCommand(store, counter, 'counter-1', increment(1), context())),
    );
    expect([racing.map((result) => result.revision).sort(), (await store.readStream('counter-1')).length]).toEqual([[0, 1, 2], 3]);
  });

  it('derives event ids from the idempotency key, so racing duplicates collapse into one event', async () => {
    const keyed = context({ idempotencyKey: 'key-race' });
    await Promise.all([
      handleCommand(store, counter, 'counter-1', increment(1), keyed),
      handleCommand(store, counter, 'counter-1', increment(1), keyed),
    ]);
    expect((await store.readStream('counter-1')).length).toBe(1);
  });

  it('derives the same event ids as before, so a retry after an upgrade is still collapsed', async () => {
    await handleCommand(store, counter, 'counter-1', increment(1), context({ idempotencyKey: 'clé-1' }));
    // Pinned from uuid's v5 with the name and namespace as strings, as the first version derived them.
    expect((await store.readStream('counter-1')).map((event) => event.id)).toEqual(['7f7fda1d-1e1f-5310-82c8-623724eebfc1']);
  });
});

describe('newEntityId', () => {
  it('is stable for one caller and idempotency key', () => {
    const keyed = context({ idempotencyKey: 'key-1' });
    expect(newEntityId('account', keyed)).toBe(newEntityId('account', keyed));
  });

  it('differs between callers using the same key', () => {
    const other = context({ idempotencyKey: 'key-1', actor: { role: 'admin', keyId: 'ffffffffffff' } });
    expect(newEntityId('account', context({ idempotencyKey: 'key-1' }))).not.toBe(newEntityId('account', other));
  });

  it('keeps the ids it derived before: a request retried across an upgrade must find its entity', () => {
    // Pinned from uuid's v5 with the name and namespace as strings, as the first version derived them.
    expect(newEntityId('account', context({ idempotencyKey: 'clé-1' }))).toBe('98187d6c-4442-5681-a8df-37b115ca1b1d');
  });

  it('is a fresh UUID without a key', () => {
    expect(newEntityId('account', context())).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
