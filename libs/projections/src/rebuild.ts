import type { EventStore } from '@ledger/event-store';
import { ProjectionRunner } from './projection-runner';

export type RebuildState = 'running' | 'switching' | 'done' | 'failed';

/** How often a rebuild checks whether it has caught up with the log. */
const POLL_MS = 100;

/**
 * A fresh generation filling from the start of the log while the live one keeps answering. Once
 * it has reached the log's head it asks to be switched in; its runner then carries on as the
 * live one, so no event falls between the two.
 */
export class Rebuild {
  state: RebuildState = 'running';
  readonly startedAt = Date.now();
  private timer?: NodeJS.Timeout;
  private cancelled = false;

  constructor(
    readonly generation: number,
    readonly runner: ProjectionRunner,
    private readonly eventStore: EventStore,
    private readonly switchIn: () => Promise<void>,
  ) {}

  async start(): Promise<void> {
    await this.runner.start();
    this.schedule();
  }

  /** Share of the log applied, from 0 to 1, by position (positions grow with the log). */
  progress(head: bigint | null): number {
    const checkpoint = this.runner.checkpoint();
    if (head === null || head === 0n) return 1;
    if (checkpoint === null) return 0;
    return Math.min(1, Number(checkpoint) / Number(head));
  }

  /** Seconds left at the pace so far; null before there is a pace. */
  etaSeconds(head: bigint | null): number | null {
    const done = this.progress(head);
    if (this.state !== 'running') return 0;
    if (done <= 0) return null;
    const elapsed = (Date.now() - this.startedAt) / 1000;
    return Math.round((elapsed * (1 - done)) / done);
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.check().catch(() => {
        this.state = 'failed';
      });
    }, POLL_MS);
  }

  private async check(): Promise<void> {
    if (this.cancelled) return;
    // A runner that failed, or stopped without being asked, will not catch up.
    if (this.runner.status !== 'running') {
      this.state = 'failed';
      return;
    }
    // Caught up means its indexes are built too (LogConsumer.caughtUp): queries must not move to
    // tables without them.
    const head = await this.eventStore.headPosition();
    if (!this.runner.hasCaughtUp || (head !== null && (this.runner.checkpoint() ?? -1n) < head)) return this.schedule();
    this.state = 'switching';
    await this.switchIn();
    this.state = 'done';
  }

  cancel(): void {
    this.cancelled = true;
    clearTimeout(this.timer);
  }
}
