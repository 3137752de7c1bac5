import type Database from 'better-sqlite3';
import { isLockTaken } from './sqlite-errors';

/** Runs writes on a SQLite connection; SqliteWriteGroups commits them in groups. */
export interface SqliteWriter {
  /**
   * Runs `work` in its own savepoint inside the transaction of the current group, and settles
   * once the group has committed: with what `work` returned, or what it (alone) threw, or the
   * SQLite error that refused the group's transaction (the lock, a full disk).
   */
  run<T>(work: () => T): Promise<T>;
}

interface QueuedWrite {
  readonly work: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome = { readonly value: unknown } | { readonly error: unknown };

/** How long a group that found the write lock taken waits, off the event loop, before trying again. */
const RETRY_AFTER_BUSY_MS = 1;

/**
 * Group commit for one connection: the writes asked for during one turn of the event loop (the
 * log's appends, the idempotency records) run in one IMMEDIATE transaction, each in a savepoint
 * of its own, and are answered once it commits. The read models commit their batches on their
 * own: a rebuild's large batches were slower grouped.
 *
 * A commit, with its write of the WAL and its file locks, cost more than the rest of a command's
 * SQL; under load one commit now serves every write of the turn. Each write still succeeds or
 * fails alone: one that throws rolls back its savepoint, not the group; one after which SQLite
 * rolled back the whole transaction (a full disk, an I/O error) fails, and the others are
 * written again without it. Only what refuses the transaction itself (the lock held past the
 * busy timeout at BEGIN, the disk at COMMIT) fails every write of the group, and then none of
 * it is written.
 *
 * A group that finds the write lock taken (another process, or the WAL checkpoint thread's
 * RESTART) waits for it off the event loop: it tries again every RETRY_AFTER_BUSY_MS, the writes
 * asked for meanwhile joining it, and fails once the connection's busy timeout has passed. SQLite's
 * own wait sleeps the thread, and with it every request the service is serving.
 */
export class SqliteWriteGroups implements SqliteWriter {
  private queued: QueuedWrite[] = [];
  /** A commit of the queue is due: on the next turn, or after the write lock was found taken. */
  private scheduled = false;
  /** When the group waiting for the write lock first found it taken. */
  private busySince: number | undefined;
  private readonly busyTimeoutMs: number;
  private readonly group: Database.Transaction<(writes: readonly QueuedWrite[]) => Outcome[]>;
  private readonly savepoint: Database.Transaction<(work: () => unknown) => unknown>;

  constructor(private readonly db: Database.Database) {
    // A transaction function called inside another transaction runs as a savepoint.
    this.savepoint = db.transaction((work: () => unknown) => work());
    this.group = db.transaction((writes: readonly QueuedWrite[]) => writes.map((write, index) => this.runInSavepoint(write, index)));
    this.busyTimeoutMs = db.pragma('busy_timeout', { simple: true }) as number;
  }

  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queued.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.commitQueued());
      }
    });
  }

  /** Commits the writes queued so far, now, waiting for the write lock if need be (before the connection closes). */
  commit(): void {
    const writes = this.queued;
    this.queued = [];
    this.commitGroup(writes, true);
  }

  private commitQueued(): void {
    this.scheduled = false;
    const writes = this.queued;
    this.queued = [];
    const waiting = this.commitGroup(writes, false);
    if (waiting.length === 0) return;
    // They keep their place, ahead of the writes asked for since.
    this.queued = [...waiting, ...this.queued];
    this.scheduled = true;
    setTimeout(() => this.commitQueued(), RETRY_AFTER_BUSY_MS);
  }

  /**
   * Commits the writes in one transaction and answers them; returns those left waiting because the
   * write lock was taken (only when not `blocking`, and within the busy timeout).
   */
  private commitGroup(writes: readonly QueuedWrite[], blocking: boolean): readonly QueuedWrite[] {
    if (writes.length === 0) return [];
    let outcomes: Outcome[];
    try {
      outcomes = blocking ? this.group.immediate(writes) : this.withoutWaiting(() => this.group.immediate(writes));
    } catch (error) {
      if (error instanceof GroupRolledBack) {
        // One write made SQLite undo the whole transaction: it fails, and the others, which did
        // nothing wrong, are written again without it (as they would have been without grouping).
        writes[error.index].reject(error.cause);
        return this.commitGroup(writes.filter((_, index) => index !== error.index), blocking);
      }
      if (!blocking && isLockTaken(error) && this.stillWaiting()) return writes;
      this.busySince = undefined;
      // The group was refused as a whole (the lock past the busy timeout, the disk at COMMIT):
      // nothing was written. The SQLite error itself: each caller answers it in its own terms.
      writes.forEach((write) => write.reject(error));
      return [];
    }
    this.busySince = undefined;
    outcomes.forEach((outcome, index) => ('error' in outcome ? writes[index].reject(outcome.error) : writes[index].resolve(outcome.value)));
    return [];
  }

  /**
   * Runs `work` with the connection's busy timeout at 0: a taken lock fails at once instead of
   * sleeping. Set with `db.pragma` each time, not with prepared statements: SQLite applies this
   * pragma when it compiles the statement, not when it runs it.
   */
  private withoutWaiting<T>(work: () => T): T {
    this.db.pragma('busy_timeout = 0');
    try {
      return work();
    } finally {
      this.db.pragma(`busy_timeout = ${this.busyTimeoutMs}`);
    }
  }

  /** True while the busy timeout has not passed since the lock was first found taken. */
  private stillWaiting(): boolean {
    this.busySince ??= Date.now();
    return Date.now() - this.busySince < this.busyTimeoutMs;
  }

  private runInSavepoint(write: QueuedWrite, index: number): Outcome {
    try {
      return { value: this.savepoint(write.work) };
    } catch (error) {
      // SQLite rolled the whole transaction back (a full disk, an I/O error), not just the savepoint.
      if (!this.db.inTransaction) throw new GroupRolledBack(index, error);
      return { error };
    }
  }
}

/** The write at `index` made SQLite roll back the group's whole transaction. */
class GroupRolledBack extends Error {
  constructor(
    readonly index: number,
    override readonly cause: unknown,
  ) {
    super('The group was rolled back by one of its writes', { cause });
  }
}
