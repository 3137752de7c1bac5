/**
 * The event store port: the only way the application touches the log.
 *
 * Shaped after EventStoreDB's own model (streams with revisions, one global log with
 * positions, catch-up subscriptions) so that the embedded SQLite adapter and the
 * EventStoreDB adapter can both honour it without leaking their differences.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** An event about to be written. `id` is a UUID chosen by the writer: a retried append reuses it. */
export interface EventToAppend {
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

/**
 * An event as the log holds it. A store may hand out objects whose properties are getters (the
 * SQLite store parses the metadata on first use): name the properties to copy one, never spread it.
 */
export interface RecordedEvent extends EventToAppend {
  readonly stream: string;
  /** 0-based position of the event inside its stream. */
  readonly revision: number;
  /** Position in the global log: strictly increasing, not necessarily contiguous. */
  readonly position: bigint;
  /** When the store wrote the event (set by the store, never by the writer). */
  readonly recordedAt: Date;
}

/**
 * What the writer expects the stream to look like before its append.
 * - `any`: no check.
 * - `no_stream`: the stream has no events.
 * - `stream_exists`: the stream has at least one event.
 * - a number: the revision of the stream's last event.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface AppendOptions {
  readonly expectedRevision?: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the last event of the batch: the value to pass as the next expected revision. */
  readonly nextExpectedRevision: number;
  /** Global position of the last event of the batch. */
  readonly position: bigint;
}

export type ReadDirection = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  readonly direction?: ReadDirection;
  /** Inclusive starting revision; defaults to the start (forwards) or the end (backwards). */
  readonly fromRevision?: number;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Defaults to the start of the log. */
  readonly after?: bigint;
  readonly maxCount?: number;
}

export interface SubscribeOptions {
  /** Exclusive: the subscription delivers events strictly after this position (a checkpoint). */
  readonly after?: bigint;
  /** Aborting ends the iteration cleanly. */
  readonly signal?: AbortSignal;
}

export interface PagedSubscribeOptions extends SubscribeOptions {
  readonly maxCount: number;
}

export interface EventStore {
  /**
   * Appends atomically: all events of the call are written, or none.
   * Events whose id is already in the stream are dropped first; if none remain, the call is an
   * idempotent no-op that answers with the revision and position of the events already there.
   *
   * `expectedRevision` defaults to `any`.
   *
   * @throws WrongExpectedRevisionError when the stream does not match `expectedRevision`.
   * @throws TypeError when `events` is empty or two of its events share an id (nothing is written).
   */
  appendToStream(stream: string, events: readonly EventToAppend[], options?: AppendOptions): Promise<AppendResult>;

  /** Reads one stream; a stream that has no events reads as an empty list. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /** Reads the global log forwards, in position order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;

  /** Position of the last event in the log, or null when the log is empty. */
  headPosition(): Promise<bigint | null>;

  /**
   * Optional: how many events the log holds after `after` (all of it when undefined), counting
   * at most `cap`, without reading them. Stores that cannot count cheaply leave it out, and
   * callers read the events to count them.
   */
  countAfter?(after: bigint | undefined, cap: number): Promise<number>;

  /**
   * Catch-up subscription to the whole log: every event after `after`, in position order, then
   * live events as they are written (also by other processes), until `signal` aborts.
   */
  subscribeToAll(options?: SubscribeOptions): AsyncIterable<RecordedEvent>;

  /**
   * Optional: the same subscription a page at a time (what the store has ready, at most
   * `maxCount`), for consumers that apply events in batches. Stores that can share the pages
   * between consumers (the SQLite adapter) save every consumer but one the read and the parse.
   */
  subscribeToAllInPages?(options?: PagedSubscribeOptions): AsyncIterable<readonly RecordedEvent[]>;

  close(): Promise<void>;
}

/** Nest injection token for the configured adapter. */
export const EVENT_STORE = Symbol('EVENT_STORE');
