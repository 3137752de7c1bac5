import { ChainBreak, ChainVerifier, EventStore, RecordedEvent } from '@ledger/event-store';

/** Events read per page while walking the whole log: bounded memory whatever its size. */
const PAGE = 2000;

/** Every event of the log after `after`, page by page, in position order. */
export async function* walkLog(eventStore: EventStore, after?: bigint): AsyncGenerator<RecordedEvent> {
  for (let cursor = after; ; ) {
    const page = await eventStore.readAll({ after: cursor, maxCount: PAGE });
    if (page.length === 0) return;
    yield* page;
    cursor = page[page.length - 1].position;
  }
}

export interface VerificationReport {
  intact: boolean;
  eventsChecked: number;
  /** The first event whose content or place in its stream no longer matches the chain. */
  firstBreak: ChainBreak | null;
  breaks: number;
  durationMs: number;
}

/** Recomputes every stream's hash chain over the whole log. */
export async function verifyLog(eventStore: EventStore): Promise<VerificationReport> {
  const started = performance.now();
  const verifier = new ChainVerifier();
  let firstBreak: ChainBreak | null = null;
  let breaks = 0;
  for await (const event of walkLog(eventStore)) {
    const found = verifier.check(event);
    if (!found) continue;
    breaks++;
    firstBreak ??= found;
  }
  return { intact: breaks === 0, eventsChecked: verifier.checked, firstBreak, breaks, durationMs: Math.round(performance.now() - started) };
}

/** The log as NDJSON lines, one event each, recorded between `from` and `to` (inclusive). */
export async function* exportLog(eventStore: EventStore, range: { from?: string; to?: string }): AsyncGenerator<string> {
  const from = range.from === undefined ? -Infinity : Date.parse(range.from);
  const to = range.to === undefined ? Infinity : endOf(range.to);
  for await (const event of walkLog(eventStore)) {
    const recordedAt = event.recordedAt.getTime();
    if (recordedAt < from || recordedAt > to) continue;
    yield `${JSON.stringify({
      position: String(event.position), stream: event.stream, revision: event.revision, id: event.id, type: event.type,
      data: event.data, metadata: event.metadata, recordedAt: event.recordedAt.toISOString(),
    })}\n`;
  }
}

/** A date-only bound covers its whole day. */
function endOf(value: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(value) + 86_400_000 - 1 : Date.parse(value);
}
