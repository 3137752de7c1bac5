import type Database from 'better-sqlite3';
import { setTimeout as sleep } from 'node:timers/promises';

/** How long a write that found the write lock taken waits, off the event loop, before trying again. */
export const RETRY_AFTER_BUSY_MS = 1;

/**
 * Runs `work` with the connection's busy timeout at 0, so that a write lock taken by another
 * connection fails it at once (SQLITE_BUSY) instead of sleeping the thread, and with it every
 * request the service is serving, inside SQLite's busy handler. The timeout is set with
 * `db.pragma` each time, not with prepared statements: SQLite applies this pragma when it compiles
 * the statement, not when it runs it.
 */
export function withoutBusyWait<T>(db: Database.Database, busyTimeoutMs: number, work: () => T): T {
  db.pragma('busy_timeout = 0');
  try {
    return work();
  } finally {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  }
}

/** SQLITE_BUSY (and its extended codes): another connection holds the lock a write needs. */
export function isLockTaken(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * Runs `work`, a write transaction that can run again from the start (it rolls back whole when it
 * fails), without SQLite's busy wait, and again every RETRY_AFTER_BUSY_MS while another connection
 * holds the write lock, until `busyTimeoutMs` has passed: then it fails with SQLite's error, as
 * SQLite's own wait would have.
 */
export async function writeWhenLockFree<T>(db: Database.Database, busyTimeoutMs: number, work: () => T): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      return withoutBusyWait(db, busyTimeoutMs, work);
    } catch (error) {
      if (!isLockTaken(error) || Date.now() - started >= busyTimeoutMs) throw error;
    }
    await sleep(RETRY_AFTER_BUSY_MS);
  }
}
