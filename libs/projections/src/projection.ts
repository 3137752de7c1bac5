import type { Database } from 'better-sqlite3';
import type { RecordedEvent } from '@ledger/event-store';

/** A read model kept in the SQLite read database. The runner owns checkpoints and transactions. */
export interface SqliteProjection {
  readonly name: string;
  /** Creates the projection's tables if they are missing. */
  setUp(db: Database): void;
  /** Applies one event. Runs inside the runner's transaction: synchronous, no I/O but `db`. */
  apply(db: Database, event: RecordedEvent): void;
}

/**
 * A consumer of the log that acts (issues commands) rather than writes rows. Its handling must be
 * idempotent: after a crash the event since the last checkpoint is handled again.
 */
export interface Reactor {
  readonly name: string;
  handle(event: RecordedEvent): Promise<void>;
}
