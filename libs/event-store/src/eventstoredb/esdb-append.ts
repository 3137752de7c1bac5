/**
 * The port's append rules on EventStoreDB. The server's own idempotence covers only an exact retry
 * (same ids at the same expected revision, best effort with `any`); the port asks for more: events
 * whose id is anywhere in the stream are dropped first, and a batch of nothing but such events is a
 * no-op answering where they stand. So each append first reads the stream, then sends only the new
 * events with the revision just read as the exact expectation. If another writer got in between,
 * the server refuses and the stream is read again. One stream read per append: fine for the small
 * aggregate streams of this service, not for streams of thousands of events.
 */
import {
  type EventStoreDBClient,
  FORWARDS,
  MaxAppendSizeExceededError,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { meetsExpectedRevision } from '../append-rules';
import { AppendTooLargeError, EventStoreUnavailableError, WrongExpectedRevisionError } from '../event-store.errors';
import type { AppendResult, EventToAppend, ExpectedRevision } from '../event-store.port';
import { appendSize, collect, positionOf, toEventData } from './esdb-mapping';

/** Attempts of one append while other writers keep moving the stream (only `any`/`stream_exists` retry). */
const ATTEMPTS = 10;

export async function appendDeduplicated(
  client: EventStoreDBClient,
  stream: string,
  events: readonly EventToAppend[],
  expected: ExpectedRevision,
  deadlineMs: number,
  signal: AbortSignal,
): Promise<AppendResult> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    const { last, written } = await streamState(client, stream, events, signal);
    const fresh = events.filter((event) => !written.has(event.id.toLowerCase()));
    // A retry of an append that already landed: answer as the first attempt did.
    if (fresh.length === 0) return written.get(events[events.length - 1].id.toLowerCase())!;
    // Checked against the read, so the refusal tells the revision the stream really has.
    if (!meetsExpectedRevision(expected, last)) throw new WrongExpectedRevisionError(stream, expected, last);
    const result = await appendAt(client, stream, fresh, last, deadlineMs);
    if (result) return result;
  }
  throw new EventStoreUnavailableError(`Stream ${stream} kept changing during ${ATTEMPTS} append attempts`);
}

/** The stream's last revision, and where the batch's ids already stand in it. */
async function streamState(client: EventStoreDBClient, stream: string, events: readonly EventToAppend[], signal: AbortSignal) {
  const wanted = new Set(events.map((event) => event.id.toLowerCase()));
  const written = new Map<string, AppendResult>();
  let last: number | 'no_stream' = 'no_stream';
  try {
    for (const event of await collect(client.readStream(stream, { direction: FORWARDS, fromRevision: START }), signal)) {
      last = Number(event.revision);
      // The server hands ids back lower-cased.
      if (wanted.has(event.id)) written.set(event.id, { nextExpectedRevision: last, position: positionOf(event) });
    }
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return { last, written };
}

/** Appends at exactly `last`; null when the stream moved meanwhile (or the answer lacked a position). */
async function appendAt(client: EventStoreDBClient, stream: string, fresh: readonly EventToAppend[], last: number | 'no_stream', deadlineMs: number) {
  try {
    const expectedRevision = last === 'no_stream' ? NO_STREAM : BigInt(last);
    const result = await client.appendToStream(stream, fresh.map(toEventData), { expectedRevision, deadline: deadlineMs });
    // Older servers answer an idempotent write without a position: the next read of the stream has it.
    if (!result.position) return null;
    return { nextExpectedRevision: Number(result.nextExpectedRevision), position: result.position.commit };
  } catch (error) {
    if (error instanceof WrongExpectedVersionError) return null;
    // The server's limit may be lower than the adapter's: the same refusal, found one step later.
    if (error instanceof MaxAppendSizeExceededError) throw new AppendTooLargeError(stream, appendSize(fresh), error.maxAppendSize);
    throw error;
  }
}
