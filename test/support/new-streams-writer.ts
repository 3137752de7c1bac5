import { chainEvents, type EventStore, type EventToAppend } from '@ledger/event-store';

/**
 * Writes generated logs (the synthetic log, the benchmark's world): each append starts a new
 * stream, hash-chained like the command handlers' events so the log verifies as intact. Up to
 * `inFlight` appends are in flight at once: none can clash, since every stream is new, and a store
 * that commits in groups (SQLite's) commits them together instead of one commit per stream, which
 * made writing the benchmark's 1,000,000-event log take two minutes. They commit in call order.
 */
export class NewStreamsWriter {
  /** Events asked for so far; all written once `settle()` has resolved. */
  written = 0;
  private pending: Array<Promise<unknown>> = [];

  constructor(
    private readonly store: EventStore,
    private readonly inFlight = 256,
  ) {}

  async append(stream: string, events: EventToAppend[]): Promise<void> {
    this.pending.push(this.store.appendToStream(stream, chainEvents(stream, undefined, events), { expectedRevision: 'no_stream' }));
    this.written += events.length;
    if (this.pending.length >= this.inFlight) await this.settle();
  }

  /** Waits for every append asked for; rejects with the first that failed. */
  async settle(): Promise<void> {
    const appends = this.pending;
    this.pending = [];
    await Promise.all(appends);
  }
}
