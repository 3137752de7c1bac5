import type { EventStore, RecordedEvent } from '@ledger/event-store';
import type { Decider } from './decider';

/** The last event of a stream, as much of it as the hash chain and the answers need. */
export interface StreamTail {
  readonly revision: number;
  readonly position: bigint;
  readonly metadata: { readonly hash?: unknown };
}

/** An earlier command's last event, found by its caller and Idempotency-Key. */
export interface KeyedWrite {
  readonly revision: number;
  readonly position: bigint;
}

/** A stream folded up to `tail` (none: no events yet), with every idempotency key its events carry. */
export interface StreamSnapshot<S> {
  readonly state: S;
  readonly tail: StreamTail | undefined;
  /** By `keyIdempotencyScope(keyId, key)`; shared by a stream's snapshots and only ever added to. */
  readonly keys: ReadonlyMap<string, KeyedWrite>;
}

interface Entry {
  readonly evolve: unknown;
  snapshot: StreamSnapshot<unknown>;
  keys: Map<string, KeyedWrite>;
}

/** Entries plus idempotency keys held at most; about 100 bytes a key, a few hundred an entry. */
export const DEFAULT_CACHE_WEIGHT = 200_000;

export const idempotencyScope = (keyId: string, key: string) => `${keyId}\u0000${key}`;

/**
 * Folded state per stream between commands, so a command reads only the events written since
 * the last one (`readStream` from the cached revision + 1) instead of the whole stream: the
 * latency of a command no longer grows with its stream's history.
 *
 * Never trusted stale: every load reads forward first, which also brings in what other
 * processes sharing the log (the CLI) appended; an append still states the revision it decided
 * on, so a write that lands between that read and the append fails the expected-revision check
 * and the command is decided again. Only events read from the store are folded in, never the
 * ones a command meant to write (the store may have dropped them as duplicates).
 *
 * The idempotency keys of every event folded are kept with the state, so a retried command finds
 * its earlier events without scanning the stream. Least recently used streams are dropped when
 * the entries plus their keys weigh more than `capacity`; a dropped stream is read whole again.
 */
export class StreamStateCache {
  private readonly entries = new Map<string, Entry>();
  private weight = 0;

  constructor(
    private readonly store: EventStore,
    private readonly capacity = DEFAULT_CACHE_WEIGHT,
  ) {}

  async load<S, E>(stream: string, decider: Pick<Decider<unknown, S, E>, 'initialState' | 'evolve'>): Promise<StreamSnapshot<S>> {
    for (;;) {
      const from = (this.usable(stream, decider.evolve)?.snapshot.tail?.revision ?? -1) + 1;
      const events = await this.store.readStream(stream, from === 0 ? {} : { fromRevision: from });
      // Other loads of this stream ran while this one was reading: the entry may have moved on,
      // or been dropped and added again from nothing. Fold only what joins it without a gap.
      const entry = this.usable(stream, decider.evolve) ?? this.add(stream, decider);
      const tail = entry.snapshot.tail?.revision ?? -1;
      if (tail + 1 < from) continue;
      const newer = events.filter((event) => event.revision > tail);
      if (newer.length > 0) this.fold(entry, newer, decider.evolve as (state: unknown, event: unknown) => unknown);
      this.touch(stream, entry);
      return entry.snapshot as StreamSnapshot<S>;
    }
  }

  /** Forgets a stream: its next load reads it whole. */
  forget(stream: string): void {
    const entry = this.entries.get(stream);
    if (!entry) return;
    this.entries.delete(stream);
    this.weight -= 1 + entry.keys.size;
  }

  get size(): number {
    return this.entries.size;
  }

  private usable(stream: string, evolve: unknown): Entry | undefined {
    const entry = this.entries.get(stream);
    // A stream is folded by one decider; another one (a test's, a tool's) starts from scratch.
    if (entry && entry.evolve !== evolve) this.forget(stream);
    return entry?.evolve === evolve ? entry : undefined;
  }

  private add<S, E>(stream: string, decider: Pick<Decider<unknown, S, E>, 'initialState' | 'evolve'>): Entry {
    const keys = new Map<string, KeyedWrite>();
    const entry: Entry = { evolve: decider.evolve, keys, snapshot: { state: decider.initialState, tail: undefined, keys } };
    this.entries.set(stream, entry);
    this.weight += 1;
    return entry;
  }

  private fold(entry: Entry, events: readonly RecordedEvent[], evolve: (state: unknown, event: unknown) => unknown): void {
    let state = entry.snapshot.state;
    for (const event of events) {
      state = evolve(state, event);
      const metadata = event.metadata as { idempotencyKey?: unknown; actor?: { keyId?: unknown } };
      if (typeof metadata.idempotencyKey === 'string' && typeof metadata.actor?.keyId === 'string') {
        const scope = idempotencyScope(metadata.actor.keyId, metadata.idempotencyKey);
        if (!entry.keys.has(scope)) this.weight += 1;
        entry.keys.set(scope, { revision: event.revision, position: event.position });
      }
    }
    const last = events[events.length - 1];
    entry.snapshot = { state, keys: entry.keys, tail: { revision: last.revision, position: last.position, metadata: { hash: last.metadata.hash } } };
  }

  /** Marks the stream as the most recently used, then drops the least recently used over capacity. */
  private touch(stream: string, entry: Entry): void {
    this.entries.delete(stream);
    this.entries.set(stream, entry);
    for (const [oldest, dropped] of this.entries) {
      if (this.weight <= this.capacity || dropped === entry) break;
      this.forget(oldest);
    }
  }
}

const caches = new WeakMap<EventStore, StreamStateCache>();

/**
 * The cache of a store instance: every command handler and lookup of a process shares it
 * without being handed it, and a store opened elsewhere (a test's, the CLI's) gets its own.
 */
export function stateCacheOf(store: EventStore): StreamStateCache {
  let cache = caches.get(store);
  if (!cache) {
    cache = new StreamStateCache(store);
    caches.set(store, cache);
  }
  return cache;
}
