import type { RecordedEvent } from '../event-store.port';

interface Page {
  readonly events: readonly RecordedEvent[];
  /** The log's head when a short page was read: it is complete while the head has not moved. */
  readonly head: bigint | null;
}

/** Pages kept: consumers that read in step (the runners of one service take a page per turn) share them. */
const PAGES_KEPT = 4;

/**
 * Pages of the log read by one consumer and handed, already parsed, to the others that ask for
 * the same page: the service's read models follow the log together, so without this every event
 * would be read and parsed once per read model (four times, plus the reactor).
 *
 * A full page never changes: SQLite has one writer at a time, so once a position is visible every
 * lower one is committed. A short page (the tail of the log) is reused only while the head is
 * the one it was read at. The events are shared: consumers must treat them as read-only.
 */
export class SharedPages {
  private readonly pages = new Map<string, Page>();

  constructor(
    private readonly read: (after: bigint, maxCount: number) => RecordedEvent[],
    private readonly readHead: () => bigint | null,
  ) {}

  page(after: bigint, maxCount: number): readonly RecordedEvent[] {
    const key = `${after}:${maxCount}`;
    const kept = this.pages.get(key);
    if (kept && (kept.head === null || kept.head === this.readHead())) return kept.events;
    const events = this.read(after, maxCount);
    const full = events.length === maxCount;
    this.pages.delete(key);
    this.pages.set(key, { events, head: full ? null : (events.at(-1)?.position ?? after) });
    if (this.pages.size > PAGES_KEPT) this.pages.delete(this.pages.keys().next().value!);
    return events;
  }
}
