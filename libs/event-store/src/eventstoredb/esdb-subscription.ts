/**
 * A catch-up subscription to $all that outlives its gRPC call: when the server drops it (restart,
 * network cut, leader change) it subscribes again from the last event it delivered, after an
 * exponential backoff. Every event is delivered once, in order, with no gap.
 */
import { excludeSystemEvents, START, type AllStreamResolvedEvent, type EventStoreDBClient } from '@eventstore/db-client';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RecordedEvent } from '../event-store.port';
import { allPosition, isTransient, positionOf, toRecordedEvent } from './esdb-mapping';

export interface ResubscribeBackoff {
  /** Wait before the first new attempt after a drop. */
  readonly initialDelayMs: number;
  /** The wait doubles on each failed attempt up to this. */
  readonly maxDelayMs: number;
}

/**
 * Yields every application event after `after` (exclusive), then live ones, until `signal` aborts.
 * Transient failures (unavailable, cancelled by the server, timeouts, leader changes) and clean
 * ends lead to a new subscription; anything else (access denied, a bad request, a bug) is thrown
 * to the caller rather than retried forever in silence.
 */
export async function* followAll(
  client: EventStoreDBClient,
  after: bigint | undefined,
  signal: AbortSignal,
  backoff: ResubscribeBackoff,
): AsyncGenerator<RecordedEvent> {
  let last = after;
  let delay = backoff.initialDelayMs;
  while (!signal.aborted) {
    const subscription = client.subscribeToAll({
      fromPosition: last === undefined ? START : allPosition(last),
      // The server filters system events; checkpoints are not needed, `last` is the resume point.
      filter: excludeSystemEvents(),
    });
    // A confirmed subscription means the server is back: the next drop starts the backoff over.
    subscription.on('confirmation', () => (delay = backoff.initialDelayMs));
    // Errors after the loop has let go of the stream must not become uncaught exceptions.
    subscription.on('error', () => undefined);
    const stop = (): void => {
      // unsubscribe() cancels the call; destroy() wakes the loop below, which a cancel alone leaves waiting.
      subscription.unsubscribe().catch(() => undefined);
      subscription.destroy();
    };
    signal.addEventListener('abort', stop, { once: true });
    try {
      for await (const resolved of subscription as AsyncIterable<AllStreamResolvedEvent>) {
        const event = resolved.event;
        // After a resubscription the server starts strictly after `last`; this guard makes "never twice" local.
        if (!event || (last !== undefined && positionOf(event) <= last)) continue;
        if (signal.aborted) return;
        yield toRecordedEvent(event);
        last = positionOf(event);
        if (signal.aborted) return;
      }
    } catch (error) {
      if (signal.aborted) return;
      if (!isTransient(error)) throw error;
    } finally {
      signal.removeEventListener('abort', stop);
      stop();
    }
    // The call ended (dropped, or closed cleanly by the server): try again after the backoff.
    try {
      await sleep(delay, undefined, { signal });
    } catch {
      return;
    }
    delay = Math.min(delay * 2, backoff.maxDelayMs);
  }
}
