import type { EventStore, JsonObject, RecordedEvent } from '@ledger/event-store';
import type { ReadStore } from '@ledger/projections';
import { accountStreamsProjection } from './account-streams.projection';

/** One event of an account's history, as an auditor reads it. */
export interface HistoryItem {
  position: string;
  stream: string;
  revision: number;
  type: string;
  data: JsonObject;
  occurredAt: string | null;
  recordedAt: string;
  metadata: {
    actor: unknown;
    correlationId: unknown;
    causationId: unknown;
    idempotencyKey: unknown;
    hash: unknown;
  };
}

export interface HistoryPage {
  items: HistoryItem[];
  /** Cursor of the following page (the last position shown); absent on the last page. */
  next?: string;
}

export async function streamsOfAccount(readStore: ReadStore, generation: number, accountId: string): Promise<string[]> {
  const table = readStore.tableName(accountStreamsProjection.name, 'streams', generation);
  const rows = await readStore.query<{ stream: string }>(`SELECT stream FROM "${table}" WHERE account_id = ? ORDER BY stream`, [accountId]);
  return rows.map((row) => row.stream);
}

/**
 * Every event of the account's streams after `after`, in log order. The cursor is a log
 * position: events appended meanwhile land after it, so pages never repeat or skip an event.
 */
export async function accountHistory(eventStore: EventStore, streams: readonly string[], after: bigint | undefined, limit: number): Promise<HistoryPage> {
  const events = (await Promise.all(streams.map((stream) => eventStore.readStream(stream))))
    .flat()
    .filter((event) => after === undefined || event.position > after)
    .sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  const shown = events.slice(0, limit).map(toHistoryItem);
  return events.length > limit ? { items: shown, next: shown[shown.length - 1].position } : { items: shown };
}

export function toHistoryItem(event: RecordedEvent): HistoryItem {
  const metadata = event.metadata;
  return {
    position: String(event.position),
    stream: event.stream,
    revision: event.revision,
    type: event.type,
    data: event.data,
    occurredAt: typeof event.data.occurredAt === 'string' ? event.data.occurredAt : null,
    recordedAt: event.recordedAt.toISOString(),
    metadata: {
      actor: metadata.actor ?? null,
      correlationId: metadata.correlationId ?? null,
      causationId: metadata.causationId ?? null,
      idempotencyKey: metadata.idempotencyKey ?? null,
      hash: metadata.hash ?? null,
    },
  };
}
