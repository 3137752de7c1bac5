import { Logger } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';

/** Pages of WAL after which SQLite checkpoints on the committing connection (its default). */
const INLINE_AUTOCHECKPOINT_PAGES = 1000;
/**
 * Frames of WAL past which the thread makes its checkpoint start the WAL over (about 16 MB). Each
 * RESTART holds the log's writers back for its last frames and the file's sync; with 1,000 frames
 * (4 MB) a rebuild met one every 100 ms. In three alternating pairs of `npm run bench -- --only
 * 3`, the rebuild of 1,000,019 events took 10.10, 9.49 and 10.03 s with 4,000 against 11.08,
 * 10.71 and 13.08 s with 1,000; commands (`--only 1`) 2,051/s against 1,958/s, p99 54 and 53 ms,
 * and during rebuilds (`--only 7`) a p99 of 52.9 against 64.3 ms, one pair each.
 */
const RESTART_FRAMES = 4000;
/** After a burst, the WAL file is cut back to this size when it starts over (bytes). */
const WAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * The worker's code, plain CommonJS run with `eval`: one file that works from the TypeScript
 * sources (Jest, the benchmark) and from `dist` alike, without a loader in the worker.
 * PASSIVE: it copies the frames it can without waiting for the writer or for readers, so it
 * never holds up a commit; the writer starts the WAL over once every frame has been copied.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { timeout: workerData.busyTimeoutMs });
// Never waits, once open: a RESTART that finds a writer or a reader in its way gives up at once
// and copies what it can, as a PASSIVE one does; the next one tries again. Waiting, it held the
// log's writers back while SQLite's busy handler slept: up to 268 and 588 ms in two probed runs
// of npm run bench, the service's event loop sleeping with its writer.
db.pragma('busy_timeout = 0');
// The same syncs as the writer's connection: the WAL before a checkpoint, the file after it.
db.pragma('synchronous = NORMAL');
db.pragma('journal_size_limit = ' + workerData.walSizeLimit);
const checkpoint = () => {
  const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)');
  // Under a steady load the writer adds frames while a passive checkpoint copies, so the WAL is
  // never found fully copied and would grow without end: past the limit, RESTART holds writers
  // back while it copies the last frames (few: the passive pass did the rest), and the next
  // write starts the WAL over from its beginning. Without a busy timeout it does so only when no
  // writer and no reader is in its way at that moment, which under load is most of the time.
  if (log > workerData.restartFrames) db.pragma('wal_checkpoint(RESTART)');
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

/**
 * Checkpoints the log's WAL from a thread of its own, with its own connection, instead of on
 * the connection that commits. A checkpoint copies the WAL's pages into the database file and
 * syncs both; done inline every 1,000 pages, it took the event loop's time from the commands
 * (under the benchmark's command load, about every 100 ms). With it, commands over HTTP went
 * 10 to 20 % faster (npm run bench -- --only 1, paired runs). Durability is the same: the WAL is
 * synced before each checkpoint, as SQLite does inline with `synchronous = NORMAL`.
 *
 * The WAL stays bounded while writes leave the event loop a moment now and then, as a server's do.
 * Measured while the thread restarted it past 1,000 frames: about 8 MB at 3,000 events a second;
 * through a whole `npm run bench` (rebuilds and bursts included) 4,931 frames (19 MB) at the
 * 99th percentile of the checkpoints and 8,966 at most, the RESTARTs giving up when something was
 * in their way (2,339 and 7,763 when they waited). Restarting past 4,000 frames, it may run up to
 * 3,000 frames (12 MB) longer; that was not measured. A writer that never pauses (a loop of
 * appends in one process, such as an import) keeps the thread's RESTART from starting the WAL over
 * and the WAL growing until it stops: tools use the inline checkpoints
 * (SqliteEventStoreOptions.checkpointInBackground).
 *
 * The connection's own automatic checkpoints are off while the thread runs; should it stop on an
 * error, they are turned back on, so the WAL is never left without anyone to checkpoint it.
 */
export class BackgroundCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private running = true;
  private stopped = false;

  private constructor(
    private readonly db: Database.Database,
    intervalMs: number,
    busyTimeoutMs: number,
    restartFrames: number,
  ) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { path: db.name, intervalMs, busyTimeoutMs, restartFrames, walSizeLimit: WAL_SIZE_LIMIT_BYTES, driver: require.resolve('better-sqlite3') },
    });
    // Set only once the worker runs, so the WAL is never left without anyone to checkpoint it.
    this.worker.once('online', () => {
      if (!this.stopped && db.open) {
        db.pragma('wal_autocheckpoint = 0');
        db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
      }
    });
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    // An error ends the thread too ('exit' follows 'error').
    void this.exited.then(() => {
      this.running = false;
      this.checkpointInline();
    });
    this.worker.on('error', (error) =>
      new Logger('WalCheckpoints').warn({ err: error }, 'The checkpoint thread failed; the log checkpoints inline again'));
    // The thread alone must not keep a process alive (a test, an app never closed).
    this.worker.unref();
  }

  /**
   * Starts checkpointing the file `db` is open on every `intervalMs` (default 100), starting the
   * WAL over past `restartFrames` (default RESTART_FRAMES); not for an in-memory database.
   */
  static start(db: Database.Database, options: { intervalMs?: number; busyTimeoutMs?: number; restartFrames?: number } = {}): BackgroundCheckpointer {
    if (db.memory) throw new TypeError('An in-memory SQLite database has no WAL to checkpoint');
    return new BackgroundCheckpointer(db, options.intervalMs ?? 100, options.busyTimeoutMs ?? 5000, options.restartFrames ?? RESTART_FRAMES);
  }

  /** Runs a last checkpoint and ends the thread; the connection checkpoints inline again. Idempotent. */
  async stop(): Promise<void> {
    if (!this.stopped && this.running) {
      // Referenced again: an unreferenced thread's exit would not keep the process waiting for it.
      this.worker.ref();
      this.worker.postMessage('stop');
    }
    this.stopped = true;
    await this.exited;
  }

  private checkpointInline(): void {
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${INLINE_AUTOCHECKPOINT_PAGES}`);
  }
}
