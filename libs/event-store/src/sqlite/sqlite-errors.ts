/**
 * better-sqlite3's native addon keeps the SqliteError class of the first copy of the module that
 * loaded it, so under Jest (one module registry and one realm per test file) neither
 * `instanceof SqliteError` nor `instanceof Error` is reliable: recognise one by name and code.
 */
function sqliteCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return name === 'SqliteError' && typeof code === 'string' ? code : undefined;
}

/** The write lock (or, rarely, a read) stayed taken by another connection past the busy timeout. */
export function isBusy(error: unknown): boolean {
  return /^SQLITE_(BUSY|LOCKED)/.test(sqliteCode(error) ?? '');
}

/** Another writer took the revision this append meant to write. */
export function isRevisionClash(error: unknown): boolean {
  if (sqliteCode(error) !== 'SQLITE_CONSTRAINT_UNIQUE') return false;
  return String((error as { message?: unknown }).message).includes('events.stream, events.revision');
}
