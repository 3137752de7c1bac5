import Database from 'better-sqlite3';

/** The write lock (or, rarely, a read) stayed taken by another connection past the busy timeout. */
export function isBusy(error: unknown): boolean {
  return error instanceof Database.SqliteError && /^SQLITE_(BUSY|LOCKED)/.test(error.code);
}

/** Another writer took the revision this append meant to write. */
export function isRevisionClash(error: unknown): boolean {
  return (
    error instanceof Database.SqliteError &&
    error.code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    error.message.includes('events.stream, events.revision')
  );
}
