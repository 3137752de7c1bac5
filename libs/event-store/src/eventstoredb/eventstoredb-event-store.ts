import { BACKWARDS, END, EventStoreDBClient, FORWARDS, START, StreamNotFoundError, type ReadPosition } from '@eventstore/db-client';
import { assertValidAppend, assertValidCount } from '../append-rules';
import { AppendTooLargeError } from '../event-store.errors';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  EventToAppend,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
} from '../event-store.port';
import { appendDeduplicated } from './esdb-append';
import { allPosition, appendSize, collect, isSystemEvent, positionOf, toPortError, toRecordedEvent } from './esdb-mapping';
import { followAll, type ResubscribeBackoff } from './esdb-subscription';

export interface EventStoreDbEventStoreOptions {
  /** `esdb://host:2113?tls=false`, `esdb+discover://…`, or several hosts: the client's connection string. */
  readonly connectionString: string;
  /** Largest batch accepted (type + JSON data + JSON metadata bytes); default 1 MiB, the server's default MaxAppendSize. */
  readonly maxAppendBytes?: number;
  /** Deadline of each append; default 10 000 ms (the client's default). Reads and subscriptions have none. */
  readonly appendDeadlineMs?: number;
  /** Backoff between resubscriptions after a dropped subscription; default 100 ms doubling up to 5 s. */
  readonly resubscribeBackoff?: Partial<ResubscribeBackoff>;
}

/** The parts of the 6.2.1 client's internals that close() needs (see trackChannels). */
interface ClientInternals {
  createChannel: () => Promise<{ close(): void }>;
}

/**
 * The event store on EventStoreDB / KurrentDB, over gRPC with `@eventstore/db-client`.
 *
 * - Positions: the port's `position` is the event's $all commit position (equal to its prepare
 *   position for every event not written in a TCP-era explicit transaction), so one bigint is a
 *   complete checkpoint. Stream reads need a server that reports $all positions (2022 and later).
 * - Dedupe: each append reads the stream first and sends only the events whose ids it lacks,
 *   at the revision just read (see esdb-append.ts).
 * - System events ($-types) are skipped by readAll, headPosition and subscriptions.
 */
export class EventStoreDbEventStore implements EventStore {
  /** `readAll` returns at most this many events when `maxCount` is not given, like the SQLite adapter. */
  static readonly DEFAULT_READ_ALL_MAX_COUNT = 4096;
  static readonly DEFAULT_MAX_APPEND_BYTES = 1024 * 1024;
  /** Page size when looking backwards for the last application event. */
  private static readonly HEAD_PAGE = 32;

  private readonly client: EventStoreDBClient;
  private readonly channels = new Set<{ close(): void }>();
  private readonly closing = new AbortController();
  private readonly maxAppendBytes: number;
  private readonly appendDeadlineMs: number;
  private readonly backoff: ResubscribeBackoff;

  constructor(options: EventStoreDbEventStoreOptions) {
    this.client = EventStoreDBClient.connectionString(options.connectionString);
    this.maxAppendBytes = options.maxAppendBytes ?? EventStoreDbEventStore.DEFAULT_MAX_APPEND_BYTES;
    this.appendDeadlineMs = options.appendDeadlineMs ?? 10_000;
    this.backoff = { initialDelayMs: 100, maxDelayMs: 5_000, ...options.resubscribeBackoff };
    this.trackChannels();
  }

  /**
   * @throws AppendTooLargeError before anything is sent when the batch is over `maxAppendBytes`.
   * @throws EventStoreUnavailableError when the server cannot be reached or times out; nothing was
   *   written, or all of it was (appends are atomic): a retry with the same ids is safe.
   */
  async appendToStream(stream: string, events: readonly EventToAppend[], options: AppendOptions = {}): Promise<AppendResult> {
    assertValidAppend(stream, events, options);
    const expected = options.expectedRevision ?? 'any';
    const bytes = appendSize(events);
    if (bytes > this.maxAppendBytes) throw new AppendTooLargeError(stream, bytes, this.maxAppendBytes);
    return this.guard(() => appendDeduplicated(this.client, stream, events, expected, this.appendDeadlineMs, this.closing.signal));
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    assertValidCount('fromRevision', options.fromRevision);
    assertValidCount('maxCount', options.maxCount);
    // Nothing to ask the server for.
    if (options.maxCount === 0) return [];
    const backwards = options.direction === 'backwards';
    const fromRevision = options.fromRevision === undefined ? (backwards ? END : START) : BigInt(options.fromRevision);
    return this.guard(async () => {
      try {
        const read = this.client.readStream(stream, { direction: backwards ? BACKWARDS : FORWARDS, fromRevision, maxCount: options.maxCount });
        return (await collect(read, this.closing.signal)).map(toRecordedEvent);
      } catch (error) {
        if (error instanceof StreamNotFoundError) return [];
        throw error;
      }
    });
  }

  /**
   * Reads at most `maxCount` application events (DEFAULT_READ_ALL_MAX_COUNT when not given) after
   * `after`; page on with `after` set to the last position read.
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    assertValidCount('maxCount', options.maxCount);
    const maxCount = options.maxCount ?? EventStoreDbEventStore.DEFAULT_READ_ALL_MAX_COUNT;
    return this.guard(async () => {
      const found: RecordedEvent[] = [];
      let after = options.after;
      while (found.length < maxCount) {
        // $all forwards from a position includes it: ask for one more and skip it.
        const want = maxCount - found.length + (after === undefined ? 0 : 1);
        const fromPosition: ReadPosition = after === undefined ? START : allPosition(after);
        const page = await collect(this.client.readAll({ fromPosition, direction: FORWARDS, maxCount: want }), this.closing.signal);
        for (const event of page) {
          const position = positionOf(event);
          if (after !== undefined && position <= after) continue;
          after = position;
          if (!isSystemEvent(event) && found.length < maxCount) found.push(toRecordedEvent(event));
        }
        if (page.length < want) break;
      }
      return found;
    });
  }

  async headPosition(): Promise<bigint | null> {
    const page = EventStoreDbEventStore.HEAD_PAGE;
    return this.guard(async () => {
      let fromPosition: ReadPosition = END;
      for (;;) {
        // $all backwards from a position excludes it: each page starts where the last one ended.
        const events = await collect(this.client.readAll({ fromPosition, direction: BACKWARDS, maxCount: page }), this.closing.signal);
        const last = events.find((event) => !isSystemEvent(event));
        if (last) return positionOf(last);
        if (events.length < page) return null;
        fromPosition = allPosition(positionOf(events[events.length - 1]));
      }
    });
  }

  /** Survives dropped subscriptions: see followAll. Ends when `signal` aborts or the store closes. */
  subscribeToAll(options: SubscribeOptions = {}): AsyncIterable<RecordedEvent> {
    const signals = [this.closing.signal, ...(options.signal ? [options.signal] : [])];
    return followAll(this.client, options.after, AbortSignal.any(signals), this.backoff);
  }

  /** Ends every subscription and releases the connection. Idempotent. */
  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort();
    await this.client.dispose();
    for (const channel of this.channels) channel.close();
    this.channels.clear();
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    if (this.closing.signal.aborted) throw new Error('EventStoreDbEventStore is closed');
    try {
      return await work();
    } catch (error) {
      throw toPortError(error);
    }
  }

  /**
   * Client 6.2.1's dispose() cancels its streams but leaves the gRPC channel open (it has no close()),
   * which would keep sockets alive after close(). Its channel factory is an own property of the
   * instance, so wrapping it lets close() end every channel it made. Pinned to 6.2.1 in package.json.
   */
  private trackChannels(): void {
    const internals = this.client as unknown as ClientInternals;
    const create = internals.createChannel;
    // Another client version may not have it: close() then only disposes, as the client itself would.
    if (typeof create !== 'function') return;
    internals.createChannel = async () => {
      const channel = await create();
      this.channels.add(channel);
      return channel;
    };
  }
}
