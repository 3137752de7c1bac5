/**
 * Translations between the port's shapes and `@eventstore/db-client`'s: events, positions, sizes
 * and errors. Kept apart from the adapter so that its methods read as the port's rules.
 */
import {
  CancelledError,
  DeadlineExceededError,
  jsonEvent,
  NotLeaderError,
  TimeoutError,
  UnavailableError,
  UnknownError,
  type Position,
  type RecordedEvent as EsdbRecordedEvent,
  type StreamingRead,
} from '@eventstore/db-client';
import { EventStoreUnavailableError } from '../event-store.errors';
import type { EventToAppend, JsonObject, RecordedEvent } from '../event-store.port';

/** What servers before kurrent-io/KurrentDB#3459 (2022) report as the $all position of a stream read. */
const NO_POSITION = 2n ** 64n - 1n;

/** gRPC status codes, by number: `@grpc/grpc-js` is the client's dependency, not ours. */
const GRPC = { CANCELLED: 1, DEADLINE_EXCEEDED: 4, ABORTED: 10, INTERNAL: 13, UNAVAILABLE: 14 } as const;

export function toEventData(event: EventToAppend) {
  // The id is kept: it is what makes a retried append recognisable, here and on the server.
  return jsonEvent({ id: event.id, type: event.type, data: event.data, metadata: event.metadata });
}

/**
 * The bytes the server counts against its MaxAppendSize for a batch (its Event.SizeOnDisk without
 * the few bytes of fixed overhead per record): event type, JSON data and JSON metadata.
 */
export function appendSize(events: readonly EventToAppend[]): number {
  const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
  return events.reduce((sum, event) => sum + bytes(event.type) + bytes(JSON.stringify(event.data)) + bytes(JSON.stringify(event.metadata)), 0);
}

/**
 * The port's position is the event's commit position. For events not written in an explicit
 * (TCP-era) transaction the prepare position is the same number, so a subscription or read can
 * resume from `{ commit: p, prepare: p }` and a single bigint is enough to checkpoint.
 */
export function allPosition(position: bigint): Position {
  return { commit: position, prepare: position };
}

export function positionOf(event: EsdbRecordedEvent): bigint {
  const position = event.position?.commit;
  if (position === undefined || position === NO_POSITION) {
    throw new Error(`EventStoreDB gave no $all position for ${event.streamId}@${event.revision}: the server is older than 2022`);
  }
  return position;
}

/** System events ($-types: metadata, settings, tombstones, links) are not the application's. */
export function isSystemEvent(event: { readonly type: string }): boolean {
  return event.type.startsWith('$');
}

export function toRecordedEvent(event: EsdbRecordedEvent): RecordedEvent {
  return {
    id: event.id,
    type: event.type,
    data: asJsonObject(event.data),
    metadata: asJsonObject(event.metadata),
    stream: event.streamId,
    revision: Number(event.revision),
    position: positionOf(event),
    // The server stamps `created` (100 ns ticks); the client turns it into a Date (ms precision).
    recordedAt: event.created,
  };
}

/** What this adapter wrote is always a JSON object; anything else came from another writer. */
function asJsonObject(value: unknown): JsonObject {
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array);
  return isObject ? (value as JsonObject) : {};
}

/**
 * Drains a client read into its recorded events (links and unresolved entries carry none). When
 * `signal` aborts (the store closes) the read fails at once: the client's dispose() cancels the
 * call, but its read stream ignores client cancellations and would otherwise never end.
 */
export async function collect<E extends EsdbRecordedEvent>(read: StreamingRead<{ event?: E }>, signal?: AbortSignal): Promise<E[]> {
  // A late 'error' after the loop has ended must not become an uncaught exception.
  read.on('error', () => undefined);
  const abort = (): void => void read.destroy(new Error('EventStoreDbEventStore is closed'));
  signal?.addEventListener('abort', abort, { once: true });
  try {
    const events: E[] = [];
    for await (const resolved of read) if (resolved.event) events.push(resolved.event);
    return events;
  } finally {
    signal?.removeEventListener('abort', abort);
  }
}

/**
 * Whether a failure means "the server could not be reached, or gave up in time": the caller may
 * retry later (the HTTP layer answers 503). Covers the client's own error classes and the raw gRPC
 * errors that escape it (the ServerFeatures call, a dropped stream), and failed gossip discovery.
 */
export function isTransient(error: unknown): boolean {
  if ([UnavailableError, DeadlineExceededError, TimeoutError, CancelledError, NotLeaderError].some((type) => error instanceof type)) return true;
  if (error instanceof UnknownError) return (error.code as number | undefined) === GRPC.INTERNAL;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'number' && (Object.values(GRPC) as number[]).includes(code)) return true;
  return error instanceof Error && /^Failed to discover after \d+ attempts/.test(error.message);
}

/** Turns transient failures into the port's EventStoreUnavailableError; anything else is rethrown. */
export function toPortError(error: unknown): unknown {
  if (!isTransient(error)) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new EventStoreUnavailableError(`EventStoreDB is unavailable: ${detail}`, { cause: error });
}
