/**
 * What the EventStoreDB adapter does when the server misbehaves: dropped subscriptions, restarts,
 * outages, timeouts and oversized batches, injected through the gRPC test double.
 */
import { status } from '@grpc/grpc-js';
import { type EsdbDouble, startEsdbDouble } from '../../../../test/support/esdb-double';
import { AppendTooLargeError, EventStoreUnavailableError } from '../event-store.errors';
import type { EventStore, RecordedEvent } from '../event-store.port';
import { anEvent, eventId, events, uniqueStream } from '../testing/contract-fixtures';
import { EventStoreDbEventStore, type EventStoreDbEventStoreOptions } from './eventstoredb-event-store';

let current: EsdbDouble;
/** A server before 21.10 (appends through Streams/Append) whose MaxAppendSize is only 4 KiB. */
let legacy: EsdbDouble;
const stores: EventStore[] = [];
beforeAll(async () => {
  [current, legacy] = await Promise.all([startEsdbDouble(), startEsdbDouble({ serverFeatures: false, maxAppendSize: 4096 })]);
});
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  [current, legacy].forEach((double) => (double.hangAppends(false), double.hangReads(false)));
  // Cancellations reach the server a moment later: tests counting live subscriptions start from none.
  await poll(() => current.liveSubscriptions === 0, 'the last test’s subscriptions to end');
});
afterAll(() => Promise.all([current.stop(), legacy.stop()]));

function open(double: EsdbDouble, options: Partial<EventStoreDbEventStoreOptions> = {}): EventStoreDbEventStore {
  const store = new EventStoreDbEventStore({ connectionString: double.connectionString, ...options });
  stores.push(store);
  return store;
}

const ids = (delivered: readonly RecordedEvent[]): string[] => delivered.map((event) => event.id);
const idsOf = (...numbers: number[]): string[] => numbers.map(eventId);

/** Waits for `condition`, checking every few milliseconds, for at most `timeoutMs`. */
async function poll(condition: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Runs `work` until the store stops answering EventStoreUnavailableError (a reconnect), bounded. */
async function eventually<T>(work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 3000;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof EventStoreUnavailableError) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

function follow(store: EventStore, after?: bigint) {
  const controller = new AbortController();
  const received: RecordedEvent[] = [];
  const loop = (async () => {
    for await (const event of store.subscribeToAll({ after, signal: controller.signal })) received.push(event);
  })();
  loop.catch(() => undefined);
  return {
    until: (count: number) => poll(() => received.length >= count, `${count} events (got ${received.length})`),
    stop: async () => {
      controller.abort();
      await loop;
      return received;
    },
  };
}

describe('a live subscription', () => {
  beforeEach(() => current.reset());

  it('survives dropSubscriptions(): events before, during and after arrive once each, in order', async () => {
    const store = open(current);
    const stream = uniqueStream();
    await store.appendToStream(stream, events(1, 2));
    const subscription = follow(store);
    await subscription.until(2);
    expect(current.dropSubscriptions()).toBe(1);
    await store.appendToStream(stream, events(3, 4));
    await poll(() => current.liveSubscriptions === 1, 'the resubscription');
    await store.appendToStream(uniqueStream(), events(5));
    await subscription.until(5);
    expect(ids(await subscription.stop())).toEqual(idsOf(1, 2, 3, 4, 5));
  });

  it('survives a restart of the server, keeping its place', async () => {
    const store = open(current);
    const stream = uniqueStream();
    await store.appendToStream(stream, events(1, 2));
    const subscription = follow(store);
    await subscription.until(2);
    await current.restart();
    await eventually(() => store.appendToStream(stream, events(3, 4)));
    await poll(() => current.liveSubscriptions === 1, 'the resubscription');
    await store.appendToStream(stream, events(5));
    await subscription.until(5);
    expect(ids(await subscription.stop())).toEqual(idsOf(1, 2, 3, 4, 5));
  });

  it.each([
    ['CANCELLED', status.CANCELLED],
    ['OK (a clean end)', status.OK],
  ])('resumes after the server ends it with %s', async (_name, code) => {
    const store = open(current);
    await store.appendToStream(uniqueStream(), events(1));
    const subscription = follow(store);
    await subscription.until(1);
    current.dropSubscriptions(code);
    await store.appendToStream(uniqueStream(), events(2));
    await subscription.until(2);
    expect(ids(await subscription.stop())).toEqual(idsOf(1, 2));
  });

  it('passes a failure that is not transient (PERMISSION_DENIED) to its consumer instead of retrying', async () => {
    const store = open(current);
    const loop = (async () => {
      for await (const event of store.subscribeToAll()) void event;
    })();
    await poll(() => current.liveSubscriptions === 1, 'the subscription');
    current.dropSubscriptions(status.PERMISSION_DENIED);
    await expect(loop).rejects.toMatchObject({ code: status.PERMISSION_DENIED });
  });

  it('dropped before delivering anything, resumes from its checkpoint, not from the start', async () => {
    const store = open(current);
    await store.appendToStream(uniqueStream(), events(1, 2));
    const [, checkpoint] = await store.readAll();
    const subscription = follow(store, checkpoint.position);
    await poll(() => current.liveSubscriptions === 1, 'the subscription');
    current.dropSubscriptions();
    await poll(() => current.liveSubscriptions === 1, 'the resubscription');
    await store.appendToStream(uniqueStream(), events(3));
    await subscription.until(1);
    expect(ids(await subscription.stop())).toEqual(idsOf(3));
  });

  it('ends when the store closes', async () => {
    const store = open(current);
    const loop = (async () => {
      for await (const event of store.subscribeToAll()) void event;
      return 'ended';
    })();
    await poll(() => current.liveSubscriptions === 1, 'the subscription');
    await store.close();
    expect(await loop).toBe('ended');
  });
});

describe.each([
  ['BatchAppend (servers since 21.10)', () => current],
  ['Streams/Append (older servers)', () => legacy],
])('appends through %s', (_path, double) => {
  beforeEach(() => double().reset());

  it('an append refused as UNAVAILABLE rejects with EventStoreUnavailableError and writes nothing', async () => {
    const store = open(double());
    const stream = uniqueStream();
    await store.appendToStream(stream, events(1));
    double().failNextAppends(1);
    await expect(store.appendToStream(stream, events(2), { expectedRevision: 0 })).rejects.toBeInstanceOf(EventStoreUnavailableError);
    expect(ids(await eventually(() => store.readStream(stream)))).toEqual(idsOf(1));
  });

  it('an append past its deadline rejects with EventStoreUnavailableError, writes nothing, and can be retried', async () => {
    const store = open(double(), { appendDeadlineMs: 200 });
    const stream = uniqueStream();
    double().hangAppends();
    await expect(store.appendToStream(stream, events(1, 2))).rejects.toBeInstanceOf(EventStoreUnavailableError);
    double().hangAppends(false);
    expect(await eventually(() => store.readStream(stream))).toEqual([]);
    expect((await eventually(() => store.appendToStream(stream, events(1, 2)))).nextExpectedRevision).toBe(1);
  });
});

describe('during an outage', () => {
  beforeEach(() => current.reset());

  it('a failed read before the append rejects it with EventStoreUnavailableError, sending no append', async () => {
    const store = open(current);
    const appendsBefore = current.calls('BatchAppend');
    current.failNext(1);
    await expect(store.appendToStream(uniqueStream(), events(1))).rejects.toBeInstanceOf(EventStoreUnavailableError);
    expect(current.calls('BatchAppend')).toBe(appendsBefore);
  });

  it('appends to a stopped server reject with EventStoreUnavailableError; nothing is there after it is back', async () => {
    const store = open(current);
    const stream = uniqueStream();
    await store.appendToStream(stream, events(1));
    await current.stop();
    try {
      await expect(store.appendToStream(stream, events(2))).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.readAll()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    } finally {
      await current.start();
    }
    expect(ids(await eventually(() => store.readStream(stream)))).toEqual(idsOf(1));
  });
});

describe('oversized batches', () => {
  beforeEach(() => [current, legacy].forEach((double) => double.reset()));
  const sized = (bytes: number) => [{ ...anEvent(1), data: { blob: 'x'.repeat(bytes) } }];

  it('are refused with AppendTooLargeError over the default 1 MiB, before anything is sent', async () => {
    const store = open(current);
    const before = [current.calls('Read'), current.calls('BatchAppend')];
    const error = await store.appendToStream(uniqueStream(), sized(1024 * 1024)).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(AppendTooLargeError);
    expect((error as AppendTooLargeError).limit).toBe(1024 * 1024);
    expect([current.calls('Read'), current.calls('BatchAppend')]).toEqual(before);
  });

  it('are measured against the configured limit', async () => {
    const store = open(current, { maxAppendBytes: 1000 });
    const error = (await store.appendToStream(uniqueStream(), sized(1000)).catch((reason: unknown) => reason)) as AppendTooLargeError;
    expect({ limit: error.limit, over: error.bytes > 1000 }).toEqual({ limit: 1000, over: true });
  });

  it('are refused with AppendTooLargeError when the server’s own limit is lower, writing nothing', async () => {
    const store = open(legacy);
    const stream = uniqueStream();
    const error = await store.appendToStream(stream, sized(5000)).catch((reason: unknown) => reason);
    expect({ type: (error as Error).name, limit: (error as AppendTooLargeError).limit }).toEqual({ type: 'AppendTooLargeError', limit: 4096 });
    expect(await store.readStream(stream)).toEqual([]);
  });
});

describe('connecting', () => {
  it('through esdb+discover:// asks Gossip for the leader, then works as usual', async () => {
    current.reset();
    const store = new EventStoreDbEventStore({ connectionString: current.discoverConnectionString });
    stores.push(store);
    const gossipBefore = current.calls('Gossip');
    const stream = uniqueStream();
    await store.appendToStream(stream, events(1));
    expect({ read: ids(await store.readStream(stream)), gossiped: current.calls('Gossip') > gossipBefore }).toEqual({ read: idsOf(1), gossiped: true });
  });

  it('fails a read still waiting on the server when the store closes, instead of leaving it hanging', async () => {
    current.reset();
    const store = open(current);
    current.hangReads();
    const read = store.readAll();
    await poll(() => current.calls('Read') > 0, 'the read to reach the server');
    await store.close();
    await expect(read).rejects.toThrow('EventStoreDbEventStore is closed');
  });

  it('refuses work once closed, and can be closed twice', async () => {
    const store = open(current);
    await store.close();
    await expect(store.close()).resolves.toBeUndefined();
    await expect(store.readAll()).rejects.toThrow('EventStoreDbEventStore is closed');
  });
});
