import { randomUUID } from 'node:crypto';
import { parse as parseUuid, v5 as uuidv5 } from 'uuid';
import {
  EventStore,
  EventToAppend,
  ExpectedRevision,
  JsonObject,
  WrongExpectedRevisionError,
  chainEvents,
} from '@ledger/event-store';
import { Decider } from './decider';
import { idempotencyScope, stateCacheOf } from './stream-state-cache';

/** Who asked, why, and when: recorded in every event's metadata, never in its data. */
export interface CommandContext {
  readonly actor: { readonly role: string; readonly keyId: string };
  readonly correlationId: string;
  /** Id of the message (request or event) that caused this command. */
  readonly causationId: string;
  readonly idempotencyKey?: string;
  /** From `If-Match`: the stream revision the caller last saw. */
  readonly expectedRevision?: number;
  /** When the command is handled (ISO); the default business time and `recordedAt`. */
  readonly now: string;
}

/** A domain event as deciders produce it: plain JSON with its business time. */
export interface DomainEvent {
  readonly type: string;
  readonly data: { readonly occurredAt: string } & object;
}

export interface CommandResult {
  readonly stream: string;
  /** Stream revision after the command: the next `If-Match` value. */
  readonly revision: number;
  /** Global log position of the last event written (for read-your-writes). */
  readonly position: bigint;
  readonly events: readonly DomainEvent[];
  /** True when an earlier identical command (same idempotency key) had already written. */
  readonly replayed: boolean;
}

/** Optimistic retries when no If-Match was given and another writer won the race. */
const MAX_ATTEMPTS = 3;
/**
 * Parsed once, and names passed as bytes: given strings, uuid parses the namespace and encodes
 * the name in JavaScript on every call (6 us an id against 4, three ids a command).
 */
const EVENT_ID_NAMESPACE = parseUuid('6f1c0b2e-7a4d-4b8e-9c3f-2d5e8a1b4c70');
const derivedId = (name: string) => uuidv5(Buffer.from(name), EVENT_ID_NAMESPACE);

/**
 * Load, decide, append: the one way a command changes a stream. The stream's revision is the
 * concurrency check; a retried idempotent command finds its own events and answers as before.
 */
export async function handleCommand<C, S, E extends DomainEvent>(
  store: EventStore,
  decider: Decider<C, S, E>,
  stream: string,
  /** Builds the command from the loaded state; may fetch facts from other streams (again on each retry). */
  buildCommand: (state: S) => C | Promise<C>,
  context: CommandContext,
): Promise<CommandResult> {
  for (let attempt = 1; ; attempt++) {
    // Read forward from the cached state: only the events since the last command on the stream.
    const { state, tail, keys } = await stateCacheOf(store).load(stream, decider);
    const earlier = context.idempotencyKey ? keys.get(idempotencyScope(context.actor.keyId, context.idempotencyKey)) : undefined;
    if (earlier) return { stream, revision: earlier.revision, position: earlier.position, events: [], replayed: true };
    const current = tail?.revision;
    if (context.expectedRevision !== undefined && context.expectedRevision !== current) {
      throw new WrongExpectedRevisionError(stream, context.expectedRevision, current ?? 'no_stream');
    }
    const events = decider.decide(await buildCommand(state), state);
    if (events.length === 0) {
      return { stream, revision: current ?? -1, position: tail?.position ?? 0n, events, replayed: false };
    }
    const expectedRevision: ExpectedRevision = current ?? 'no_stream';
    try {
      const stored = chainEvents(stream, tail, toStoredEvents(stream, events, context));
      const result = await store.appendToStream(stream, stored, { expectedRevision });
      return { stream, revision: result.nextExpectedRevision, position: result.position, events, replayed: false };
    } catch (error) {
      // The next attempt's load reads what the other writer appended, its idempotency keys included.
      const retry = error instanceof WrongExpectedRevisionError && context.expectedRevision === undefined && attempt < MAX_ATTEMPTS;
      if (!retry) throw error;
    }
  }
}

export function toStoredEvents(stream: string, events: readonly DomainEvent[], context: CommandContext): EventToAppend[] {
  return events.map((event, index) => ({
    id: eventId(stream, index, context),
    type: event.type,
    data: event.data as unknown as JsonObject,
    metadata: {
      actor: { role: context.actor.role, keyId: context.actor.keyId },
      correlationId: context.correlationId,
      causationId: context.causationId,
      idempotencyKey: context.idempotencyKey ?? null,
      occurredAt: event.data.occurredAt,
      recordedAt: context.now,
    },
  }));
}

/**
 * With an idempotency key the event ids are derived from it, so two identical requests racing
 * each other append the same ids and the store keeps one copy.
 */
function eventId(stream: string, index: number, context: CommandContext): string {
  if (!context.idempotencyKey) return randomUUID();
  return derivedId(`${context.actor.keyId}|${context.idempotencyKey}|${stream}|${index}`);
}

/** A stable id for an entity the caller did not name, derived from its idempotency key when it has one. */
export function newEntityId(kind: string, context: CommandContext): string {
  if (!context.idempotencyKey) return randomUUID();
  return derivedId(`${context.actor.keyId}|${context.idempotencyKey}|${kind}`);
}

/** The current state of a stream, folded from its events (those since the cached state). */
export async function loadState<S, E>(
  store: EventStore,
  decider: Pick<Decider<unknown, S, E>, 'initialState' | 'evolve'>,
  stream: string,
): Promise<S> {
  return (await stateCacheOf(store).load(stream, decider)).state;
}
