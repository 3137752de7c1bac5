import { randomUUID } from 'node:crypto';
import { WrongExpectedRevisionError } from '../event-store.errors';
import type { EventStore, EventToAppend, RecordedEvent } from '../event-store.port';

export type EventStoreFactory = () => Promise<{ store: EventStore; dispose: () => Promise<void> }>;

/** A live subscription run in the background of a test. */
export interface RunningSubscription {
  /** Resolves with the first `count` events once they have arrived; rejects after two seconds. */
  waitFor(count: number): Promise<RecordedEvent[]>;
  /** Aborts the subscription; resolves with everything delivered once its loop has ended. */
  stop(): Promise<RecordedEvent[]>;
}

export interface ContractContext {
  /** The store of the running test: a fresh one per test. */
  store(): EventStore;
  /** Starts a subscription that is aborted after the test if still running. */
  subscribe(after?: bigint): RunningSubscription;
}

/** Gives every test its own store (so "empty log" facts hold) and cleans up after it. */
export function useFreshStore(createStore: EventStoreFactory): ContractContext {
  let current: Awaited<ReturnType<EventStoreFactory>> | undefined;
  const running: RunningSubscription[] = [];
  beforeEach(async () => {
    current = await createStore();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((subscription) => subscription.stop()));
    await current?.dispose();
    current = undefined;
  });
  const store = (): EventStore => {
    if (!current) throw new Error('The store exists only inside a test');
    return current.store;
  };
  const subscribe = (after?: bigint): RunningSubscription => {
    const subscription = startSubscription(store(), after);
    running.push(subscription);
    return subscription;
  };
  return { store, subscribe };
}

function startSubscription(store: EventStore, after?: bigint): RunningSubscription {
  const controller = new AbortController();
  const received: RecordedEvent[] = [];
  const listeners = new Set<() => void>();
  const loop = (async () => {
    for await (const event of store.subscribeToAll({ after, signal: controller.signal })) {
      received.push(event);
      listeners.forEach((listener) => listener());
    }
  })();
  // Marked handled here; stop() still rethrows the failure to the test.
  loop.catch(() => undefined);
  const waitFor = (count: number): Promise<RecordedEvent[]> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(() => reject(new Error(`${received.length} of ${count} events arrived`))), 2000);
      const finish = (settle: () => void): void => {
        clearTimeout(timer);
        listeners.delete(check);
        settle();
      };
      const check = (): void => {
        if (received.length >= count) finish(() => resolve(received.slice(0, count)));
      };
      listeners.add(check);
      check();
    });
  const stop = async (): Promise<RecordedEvent[]> => {
    controller.abort();
    await loop;
    return received;
  };
  return { waitFor, stop };
}

/** A fresh stream name, so that tests never share streams even if a store were shared. */
export function uniqueStream(category = 'account'): string {
  return `${category}-${randomUUID()}`;
}

/** A fixed, valid UUID per number: ids stay readable in failures and identical across runs. */
export function eventId(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

export function anEvent(n: number): EventToAppend {
  return {
    id: eventId(n),
    type: n % 2 === 0 ? 'AccountOpened' : 'ManagerAssigned',
    data: { n, name: `event ${n}`, tags: ['a', 'b'], nested: { ok: true, none: null } },
    metadata: { correlationId: eventId(1000 + n) },
  };
}

export function events(...numbers: number[]): EventToAppend[] {
  return numbers.map(anEvent);
}

/** Awaits an append expected to be refused, and returns what the refusal says. */
export async function wrongRevision(
  append: Promise<unknown>,
): Promise<Pick<WrongExpectedRevisionError, 'stream' | 'expected' | 'actual'>> {
  const error = await append.then(
    () => new Error('The append succeeded'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  const { stream, expected, actual } = error as WrongExpectedRevisionError;
  return { stream, expected, actual };
}

/** What identifies an event in a log, for comparing lists. */
export function summary(event: RecordedEvent): { stream: string; id: string; revision: number } {
  return { stream: event.stream, id: event.id, revision: event.revision };
}
