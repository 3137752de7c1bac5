import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Version of the event log's tables, recorded in the file's `PRAGMA user_version`. The log owns
 * that number: read models sharing the file must track their own schema elsewhere.
 */
export const EVENT_LOG_SCHEMA_VERSION = 1;

// AUTOINCREMENT (not a bare rowid) so that a position is never handed out twice, even if the last
// rows were ever deleted: checkpoints kept by read models must never point at a different event.
// UNIQUE (stream, revision) is the last line of defence against two writers taking the same
// revision, whatever connection or process they come from; UNIQUE (stream, event_id) backs dedupe.
const CREATE_EVENT_LOG = `
  CREATE TABLE IF NOT EXISTS events (
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    stream      TEXT    NOT NULL,
    revision    INTEGER NOT NULL CHECK (revision >= 0),
    event_id    TEXT    NOT NULL,
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    metadata    TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    UNIQUE (stream, revision),
    UNIQUE (stream, event_id)
  )`;

/** Opens (creating if needed) an SQLite file holding the event log, ready for concurrent use. */
export function openEventLogDatabase(path: string, busyTimeoutMs: number): Database.Database {
  if (isFile(path)) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: busyTimeoutMs });
  try {
    configure(db, busyTimeoutMs);
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

function isFile(path: string): boolean {
  return path !== '' && path !== ':memory:' && !path.startsWith('file:');
}

function configure(db: Database.Database, busyTimeoutMs: number): void {
  // Another process (the CLI) may hold the write lock for a moment: wait for it rather than fail.
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  // WAL lets subscriptions and read models read while another connection or process appends.
  db.pragma('journal_mode = WAL');
  // With WAL, NORMAL never corrupts the file and spares an fsync on every commit (it syncs at
  // checkpoints); the price is that a power cut (not a process crash) may lose the latest commits.
  db.pragma('synchronous = NORMAL');
}

function migrate(db: Database.Database): void {
  if (userVersion(db) === EVENT_LOG_SCHEMA_VERSION) return;
  // IMMEDIATE: two processes opening a fresh file at once must not both try to create the schema.
  db.transaction(() => {
    const version = userVersion(db);
    if (version > EVENT_LOG_SCHEMA_VERSION) {
      throw new Error(`Event log schema version ${version} is newer than this code knows (${EVENT_LOG_SCHEMA_VERSION})`);
    }
    db.exec(CREATE_EVENT_LOG);
    db.pragma(`user_version = ${EVENT_LOG_SCHEMA_VERSION}`);
  }).immediate();
}

function userVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}
