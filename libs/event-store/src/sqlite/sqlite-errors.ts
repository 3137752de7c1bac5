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

/**
 * SQLITE_BUSY (and its extended codes), now: another connection holds the lock a write needs, and
 * trying again later may find it free. Not SQLITE_LOCKED, a conflict inside this connection,
 * which no wait for another connection clears.
 */
export function isLockTaken(error: unknown): boolean {
  return (sqliteCode(error) ?? '').startsWith('SQLITE_BUSY');
}

/** The write lock (or, rarely, a read) stayed taken by another connection past the busy timeout. */
export function isBusy(error: unknown): boolean {
  return isLockTaken(error) || (sqliteCode(error) ?? '').startsWith('SQLITE_LOCKED');
}

/**
 * The file cannot take writes for now, whatever the caller sends: it is read-only (a disk remounted
 * read-only, a file made read-only), the disk is full, or the disk failed an I/O. Returns what to
 * tell the operator, or undefined for any other error. None of these means the log is damaged:
 * SQLite rolls the transaction back, so a refused append writes nothing.
 */
export function unavailabilityOf(error: unknown): string | undefined {
  const code = sqliteCode(error) ?? '';
  const cause = UNAVAILABLE.find(([prefix]) => code.startsWith(prefix))?.[1];
  return cause && `${cause} (${code}): nothing was written; retry once it is fixed`;
}

const UNAVAILABLE: ReadonlyArray<readonly [string, string]> = [
  ['SQLITE_READONLY', "The event log's database is read-only"],
  ['SQLITE_FULL', 'The disk holding the event log is full'],
  ['SQLITE_IOERR', 'The disk failed an I/O operation on the event log'],
  ['SQLITE_CANTOPEN', "The event log's files cannot be opened"],
];

/** Another writer took the revision this append meant to write. */
export function isRevisionClash(error: unknown): boolean {
  if (sqliteCode(error) !== 'SQLITE_CONSTRAINT_UNIQUE') return false;
  return String((error as { message?: unknown }).message).includes('events.stream, events.revision');
}
