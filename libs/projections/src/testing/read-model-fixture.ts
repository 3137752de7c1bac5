import Database from 'better-sqlite3';
import type { JsonObject, RecordedEvent } from '@ledger/event-store';
import { ReadModelConsumer } from '../log-consumer';
import type { Projection } from '../read-model';
import { SqliteReadStore } from '../sqlite/sqlite-read-store';

/** Makes events as a log would record them: positions from 1 and per-stream revisions from 0, in the order recorded. */
export class RecordingLog {
  private position = 0n;
  private readonly revisions = new Map<string, number>();

  constructor(private readonly recordedAt = new Date('2024-05-01T09:00:00.000Z')) {}

  /** The next event of the log, on the given stream. */
  record(stream: string, type: string, data: JsonObject): RecordedEvent {
    this.position += 1n;
    const position = this.position;
    const revision = this.revisions.get(stream) ?? 0;
    this.revisions.set(stream, revision + 1);
    const id = `00000000-0000-4000-8000-${position.toString(16).padStart(12, '0')}`;
    return { id, type, data, metadata: {}, stream, revision, position, recordedAt: this.recordedAt };
  }

  /** Starts the log afresh: the next event is at position 1, every stream at revision 0. */
  reset(): void {
    this.position = 0n;
    this.revisions.clear();
  }
}

/** An in-memory SQLite read store with the projection's generation 1 active, its consumer, and `close` to close the database. */
export async function sqliteReadModel(
  projection: Projection,
): Promise<{ store: SqliteReadStore; consumer: ReadModelConsumer; close: () => void }> {
  const db = new Database(':memory:');
  const store = new SqliteReadStore(db);
  await store.createGeneration(projection, 1, 'active');
  return { store, consumer: new ReadModelConsumer(projection, store, 1), close: () => db.close() };
}
