import type { AppendOptions, EventToAppend, ExpectedRevision } from './event-store.port';

/**
 * Rules every adapter applies before touching its storage, so that a malformed append fails the
 * same way whichever store is configured.
 */
export function assertValidAppend(stream: string, events: readonly EventToAppend[], options: AppendOptions): void {
  if (typeof stream !== 'string' || stream.length === 0) throw new TypeError('A stream name must be a non-empty string');
  // An empty batch has no last event to answer with, and is always a caller's bug.
  if (events.length === 0) throw new TypeError(`Append to ${stream} has no events`);
  const ids = new Set(events.map((event) => event.id));
  // Idempotency is keyed on the id: two events sharing one in a batch cannot both be kept.
  if (ids.size !== events.length) throw new TypeError(`Append to ${stream} repeats an event id`);
  const expected = options.expectedRevision;
  if (typeof expected === 'number' && !(Number.isSafeInteger(expected) && expected >= 0)) {
    throw new TypeError(`Expected revision must be a non-negative integer, got ${expected}`);
  }
}

/** Whether a stream whose last revision is `actual` satisfies `expected`. */
export function meetsExpectedRevision(expected: ExpectedRevision, actual: number | 'no_stream'): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === 'no_stream';
    case 'stream_exists':
      return actual !== 'no_stream';
    default:
      return actual === expected;
  }
}

/** Rejects counts SQLite (or a gRPC call) would silently read as "no limit". */
export function assertValidCount(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0)) {
    throw new TypeError(`${name} must be a non-negative integer, got ${value}`);
  }
}
