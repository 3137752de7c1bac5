/**
 * The double's in-memory transaction log: streams with revisions and one global order ($all) with
 * positions. Everything is synchronous, so a read, a subscription's catch-up and its switch to live
 * events cannot interleave with an append: that is what lets the double promise "no gap, no
 * duplicate" without locks.
 */
import { randomUUID } from 'node:crypto';

/** What a writer proposes, as it came off the wire. */
export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
}

export interface StoredEvent extends ProposedEvent {
  readonly stream: string;
  readonly revision: bigint;
  /** Commit and prepare position: equal, as for every event not written in an explicit transaction. */
  readonly position: bigint;
  /** 100 ns ticks since the Unix epoch, as the server puts it in the `created` metadata entry. */
  readonly created: bigint;
}

export type Expected = 'any' | 'no_stream' | 'stream_exists' | bigint;

export type WriteOutcome =
  | { readonly kind: 'success'; readonly revision: bigint; readonly position: bigint }
  /** `current` is null when the stream has no (visible) events. */
  | { readonly kind: 'wrong_expected_version'; readonly current: bigint | null }
  | { readonly kind: 'stream_deleted' };

interface StreamState {
  readonly events: StoredEvent[];
  /** Soft delete: revisions below this are hidden from stream reads (they stay in $all). */
  truncateBefore: bigint;
  tombstoned: boolean;
}

/** The revision ESDB gives the tombstone record of a hard-deleted stream (long.MaxValue). */
const TOMBSTONE_REVISION = 2n ** 63n - 1n;
/** Real logs do not start at 0; a non-zero base keeps "0 means unset" bugs visible. */
const FIRST_POSITION = 1024n;
const EMPTY = new Uint8Array();

/** Expected-revision rule; `visible` ignores soft-deleted events, as `no_stream` does on the server. */
function meets(expected: Expected, current: bigint | null, visible: bigint | null): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return visible === null;
  if (expected === 'stream_exists') return visible !== null;
  return expected === current;
}

export class EventLog {
  private all: StoredEvent[] = [];
  private streams = new Map<string, StreamState>();
  private nextPosition = FIRST_POSITION;
  private readonly listeners = new Set<(event: StoredEvent) => void>();

  /** Forgets every event (positions start over); listeners stay registered. */
  clear(): void {
    this.all = [];
    this.streams = new Map();
    this.nextPosition = FIRST_POSITION;
  }

  /** Called synchronously for every event written, once it is readable. */
  onWrite(listener: (event: StoredEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every record, in $all order. */
  get events(): readonly StoredEvent[] {
    return this.all;
  }

  /**
   * Applies ESDB's commit check (IndexWriter.CheckCommit): an exact or no_stream expectation below
   * the current revision is an idempotent retry when the events after it carry the same ids;
   * `any`/`stream_exists` look the first id up in the stream. Nothing is written unless all is.
   */
  append(stream: string, expected: Expected, proposed: readonly ProposedEvent[]): WriteOutcome {
    if (this.isTombstoned(stream)) return { kind: 'stream_deleted' };
    const [current, visible] = [this.lastRevision(stream), this.visibleLast(stream)];
    const retried = this.retriedEvents(stream, expected, current, visible, proposed);
    if (retried === 'mismatch') return { kind: 'wrong_expected_version', current: visible };
    if (retried) return { kind: 'success', revision: retried.revision, position: retried.position };
    if (!meets(expected, current, visible)) return { kind: 'wrong_expected_version', current: visible };
    let revision = current ?? -1n;
    for (const event of proposed) this.write({ ...event, stream, revision: ++revision });
    return { kind: 'success', revision, position: this.all[this.all.length - 1].position };
  }

  /** Soft delete: the stream reads as not found; a later append continues its numbering. */
  softDelete(stream: string, expected: Expected): WriteOutcome {
    const refusal = this.checkDelete(stream, expected);
    if (refusal) return refusal;
    const last = this.lastRevision(stream) ?? -1n;
    this.stateOf(stream).truncateBefore = last + 1n;
    // As the server does: a $metadata event with $tb in the metastream, a system event in $all.
    const metaStream = `$$${stream}`;
    const data = new TextEncoder().encode(JSON.stringify({ $tb: Number(last + 1n) }));
    const revision = (this.lastRevision(metaStream) ?? -1n) + 1n;
    this.write({ id: randomUUID(), stream: metaStream, revision, type: '$metadata', contentType: 'application/json', data, metadata: EMPTY });
    return { kind: 'success', revision: last, position: this.all[this.all.length - 1].position };
  }

  /** Hard delete: the stream can never be read or written again. */
  tombstone(stream: string, expected: Expected): WriteOutcome {
    const refusal = this.checkDelete(stream, expected);
    if (refusal) return refusal;
    const record = { id: randomUUID(), stream, revision: TOMBSTONE_REVISION, type: '$streamDeleted' };
    this.write({ ...record, contentType: 'application/octet-stream', data: EMPTY, metadata: EMPTY }, false);
    this.stateOf(stream).tombstoned = true;
    return { kind: 'success', revision: TOMBSTONE_REVISION, position: this.all[this.all.length - 1].position };
  }

  isTombstoned(stream: string): boolean {
    return this.streams.get(stream)?.tombstoned === true;
  }

  /** The events a stream read may see (soft-deleted ones hidden), in revision order. */
  streamEvents(stream: string): readonly StoredEvent[] {
    const state = this.streams.get(stream);
    return state ? state.events.filter((event) => event.revision >= state.truncateBefore) : [];
  }

  private stateOf(stream: string): StreamState {
    let state = this.streams.get(stream);
    if (!state) this.streams.set(stream, (state = { events: [], truncateBefore: 0n, tombstoned: false }));
    return state;
  }

  private lastRevision(stream: string): bigint | null {
    const events = this.streams.get(stream)?.events ?? [];
    return events.length === 0 ? null : events[events.length - 1].revision;
  }

  private visibleLast(stream: string): bigint | null {
    const visible = this.streamEvents(stream);
    return visible.length === 0 ? null : visible[visible.length - 1].revision;
  }

  /** The stored events an append repeats: null when it repeats none, 'mismatch' when only some. */
  private retriedEvents(
    stream: string,
    expected: Expected,
    current: bigint | null,
    visible: bigint | null,
    proposed: readonly ProposedEvent[],
  ): StoredEvent | 'mismatch' | null {
    const events = this.streams.get(stream)?.events ?? [];
    let start: number;
    if (typeof expected === 'bigint') {
      if (current === null || expected >= current) return null;
      start = Number(expected + 1n);
    } else if (expected === 'no_stream') {
      if (visible === null) return null;
      start = 0;
    } else {
      start = events.findIndex((event) => event.id === proposed[0].id);
      if (start < 0) return null;
    }
    const matched = proposed.every((event, i) => events[start + i]?.id === event.id);
    // With an exact expectation, a batch that repeats only some events is "corrupted idempotency",
    // which the server answers as a wrong expected version; with any, it is simply a new write.
    if (!matched) return typeof expected === 'bigint' || expected === 'no_stream' ? 'mismatch' : null;
    return events[start + proposed.length - 1];
  }

  private checkDelete(stream: string, expected: Expected): WriteOutcome | null {
    if (this.isTombstoned(stream)) return { kind: 'stream_deleted' };
    const visible = this.visibleLast(stream);
    if (!meets(expected, this.lastRevision(stream), visible)) return { kind: 'wrong_expected_version', current: visible };
    return null;
  }

  private write(event: Omit<StoredEvent, 'position' | 'created'>, addToStream = true): void {
    const stored: StoredEvent = { ...event, position: this.nextPosition, created: BigInt(Date.now()) * 10_000n };
    // Advance by roughly the record's size, as byte offsets in a real log do: positions are not contiguous.
    this.nextPosition += 128n + BigInt(event.data.length + event.metadata.length);
    this.all.push(stored);
    if (addToStream) this.stateOf(event.stream).events.push(stored);
    else this.stateOf(event.stream);
    this.listeners.forEach((listener) => listener(stored));
  }
}
