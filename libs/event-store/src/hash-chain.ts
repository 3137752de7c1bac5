import { hash as hashOf } from 'node:crypto';
import stableStringify from 'fast-json-stable-stringify';
import type { EventToAppend, JsonObject, RecordedEvent } from './event-store.port';

/**
 * Tamper evidence: each event's metadata carries `hash`, the SHA-256 of a canonical
 * serialisation of the event (stream, revision, id, type, data, metadata without the hash) and
 * of the previous event's hash in its stream. Editing an event, or moving, removing or inserting
 * one, breaks the chain from there on, which `verifyChains` reports.
 */
export const HASH_ALGORITHM = 'sha256';

/** The first event of a stream chains to this. */
export const GENESIS_HASH = '0'.repeat(64);

export function eventHash(stream: string, revision: number, event: EventToAppend, previousHash: string): string {
  const { hash: _ignored, ...metadata } = event.metadata as JsonObject & { hash?: unknown };
  const canonical = stableStringify({ stream, revision, id: event.id, type: event.type, data: event.data, metadata, previousHash });
  // One call, no Hash object: this runs for every event appended and every event verified.
  return hashOf(HASH_ALGORITHM, canonical, 'hex');
}

/** The stream's last event, as much of it as chaining needs. */
export interface ChainLink {
  readonly revision: number;
  readonly metadata: { readonly hash?: unknown };
}

/** Adds `hash` to each event's metadata, chained to `previous`, the stream's last event (if any). */
export function chainEvents(stream: string, previous: ChainLink | undefined, events: readonly EventToAppend[]): EventToAppend[] {
  let previousHash = (previous?.metadata.hash as string | undefined) ?? GENESIS_HASH;
  let revision = previous ? previous.revision + 1 : 0;
  return events.map((event) => {
    const hash = eventHash(stream, revision++, event, previousHash);
    previousHash = hash;
    return { ...event, metadata: { ...event.metadata, hash } };
  });
}

export type ChainBreak = {
  readonly position: string;
  readonly stream: string;
  readonly revision: number;
  readonly eventId: string;
  /** `altered`: content or order no longer matches its hash; `unhashed`: written without one. */
  readonly reason: 'altered' | 'unhashed' | 'revision-gap';
};

/** Walks the log in order, keeping each stream's last hash. Feed it every event once. */
export class ChainVerifier {
  private readonly tails = new Map<string, { hash: string; revision: number }>();
  checked = 0;

  check(event: RecordedEvent): ChainBreak | undefined {
    this.checked++;
    const tail = this.tails.get(event.stream) ?? { hash: GENESIS_HASH, revision: -1 };
    const stored = event.metadata.hash;
    const breakOf = (reason: ChainBreak['reason']): ChainBreak => ({
      position: String(event.position), stream: event.stream, revision: event.revision, eventId: event.id, reason,
    });
    this.tails.set(event.stream, { hash: typeof stored === 'string' ? stored : tail.hash, revision: event.revision });
    if (event.revision !== tail.revision + 1) return breakOf('revision-gap');
    if (typeof stored !== 'string') return breakOf('unhashed');
    return eventHash(event.stream, event.revision, event, tail.hash) === stored ? undefined : breakOf('altered');
  }
}
