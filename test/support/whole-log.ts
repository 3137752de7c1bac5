import { EventStore, RecordedEvent, SqliteEventStore } from '@ledger/event-store';

/** Every event of a log, in log order, page by page. */
export async function readAllEvents(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (let after: bigint | undefined; ; ) {
    const page = await store.readAll({ after, maxCount: 1000 });
    if (page.length === 0) return all;
    all.push(...page);
    after = page[page.length - 1].position;
  }
}

/** Every event of the log in a SQLite file, through a connection of its own (safe beside a running service). */
export async function readWholeLog(sqlitePath: string): Promise<RecordedEvent[]> {
  const store = new SqliteEventStore({ path: sqlitePath });
  try {
    return await readAllEvents(store);
  } finally {
    await store.close();
  }
}

/**
 * What must hold of any log, whatever happened to the processes writing it: no event id twice in a
 * stream, no revision twice, revisions 0, 1, 2... with no gap, positions rising. Lists what breaks it.
 */
export function integrityProblems(events: readonly RecordedEvent[]): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const nextRevision = new Map<string, number>();
  let lastPosition = 0n;
  for (const event of events) {
    if (ids.has(`${event.stream}|${event.id}`)) problems.push(`event id ${event.id} twice in ${event.stream}`);
    ids.add(`${event.stream}|${event.id}`);
    const expected = nextRevision.get(event.stream) ?? 0;
    if (event.revision !== expected) problems.push(`${event.stream} has revision ${event.revision} where ${expected} was due`);
    nextRevision.set(event.stream, event.revision + 1);
    if (event.position <= lastPosition) problems.push(`position ${event.position} after ${lastPosition}`);
    lastPosition = event.position;
  }
  return problems;
}

/** How many events carry each idempotency key (one command, one key, here one event each). */
export function eventsPerIdempotencyKey(events: readonly RecordedEvent[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const event of events) {
    const key = (event.metadata as { idempotencyKey?: string | null }).idempotencyKey;
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
