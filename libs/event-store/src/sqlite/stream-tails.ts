import type { EventRow } from './sqlite-statements';

/** Streams whose tail is kept at most; past it, the least recently recorded is dropped. */
const DEFAULT_CAPACITY = 50_000;

interface Tail {
  /** The stream's last revision; -1 when it has no events. */
  readonly lastRevision: number;
  /** The rows this connection appended last, ending at `lastRevision` (none when learnt by a read). */
  readonly rows: readonly EventRow[];
}

/**
 * What this connection knows of the end of streams it has read to their end or appended to, so
 * that the reads a command makes of its stream answer without a query. A command holds its
 * stream's folded state (StreamStateCache) and reads forward from it: either nothing was added
 * since (another command's facts, a stream only read) or just what the previous command on the
 * stream wrote through this connection. In measure 1 of `npm run bench` those reads, 2.3 a command,
 * were 6.8 % of the service's time.
 *
 * A tail is trusted only while
 * - no other connection has committed to the file since it was recorded: SQLite's
 *   `PRAGMA data_version` moves when one does (another process such as the CLI, or another store
 *   on the same file), and then every tail is forgotten; this connection's own commits and the
 *   checkpoint thread's copies leave it as it is;
 * - no append to the stream is in flight on this connection: between the commit of its group and
 *   the moment its caller is answered, the stream is read from the file.
 *
 * Only exact tails are recorded: a read forwards that reached the end of the stream, or an append
 * that wrote new events at its end, with the rows as they were inserted (their positions from
 * SQLite). Revisions only grow, so of two tails the one with the higher revision is the later.
 */
export class StreamTails {
  private readonly tails = new Map<string, Tail>();
  private readonly appending = new Map<string, number>();
  private version: number;

  constructor(
    /** The connection's `PRAGMA data_version`. */
    private readonly dataVersion: () => number,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {
    this.version = dataVersion();
  }

  /**
   * The stream's rows from revision `from` to its end (none when `from` is past it), or undefined
   * when they must be read from the file.
   */
  rowsFrom(stream: string, from: number): readonly EventRow[] | undefined {
    if (this.appending.has(stream)) return undefined;
    const tail = this.tails.get(stream);
    if (tail === undefined || !this.unchangedElsewhere()) return undefined;
    if (from > tail.lastRevision) return [];
    const first = tail.lastRevision - tail.rows.length + 1;
    if (from < first) return undefined;
    // Served once (to the command cache, which folds them), the rows are not kept: a read from
    // before the end is rare, and finds them in the file.
    this.tails.set(stream, { lastRevision: tail.lastRevision, rows: [] });
    return tail.rows.slice(from - first);
  }

  /** A read forwards to the end of the stream found this last revision (-1: no events at all). */
  read(stream: string, lastRevision: number): void {
    this.record(stream, { lastRevision, rows: [] });
  }

  /** An append to the stream is about to be queued: until it settles, the stream is read from the file. */
  appendStarted(stream: string): void {
    this.appending.set(stream, (this.appending.get(stream) ?? 0) + 1);
  }

  /**
   * The append settled: committed with these new rows at the stream's end, or `undefined` when it
   * failed or wrote nothing new (a retry of events already stored answers with their revision,
   * which need not be the stream's last).
   */
  appendSettled(stream: string, inserted: readonly EventRow[] | undefined): void {
    const left = (this.appending.get(stream) ?? 1) - 1;
    if (left === 0) this.appending.delete(stream);
    else this.appending.set(stream, left);
    if (inserted === undefined || inserted.length === 0) return;
    const lastRevision = Number(inserted[inserted.length - 1][2]);
    if (lastRevision > (this.tails.get(stream)?.lastRevision ?? -1)) this.record(stream, { lastRevision, rows: inserted });
  }

  get size(): number {
    return this.tails.size;
  }

  private record(stream: string, tail: Tail): void {
    this.tails.delete(stream);
    this.tails.set(stream, tail);
    if (this.tails.size > this.capacity) this.tails.delete(this.tails.keys().next().value!);
  }

  /** False, forgetting every tail, when another connection has committed since the last look. */
  private unchangedElsewhere(): boolean {
    const version = this.dataVersion();
    if (version === this.version) return true;
    this.version = version;
    this.tails.clear();
    return false;
  }
}
