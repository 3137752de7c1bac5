/**
 * Wakes live subscriptions when the log grows past what they have delivered. Appends made through
 * this store are announced at once; appends by other connections or processes (the CLI) are only
 * seen by polling the head, which runs solely while someone is waiting, so an idle store holds no
 * timer that would keep the process (or Jest) alive.
 */
export class LogGrowthWatcher {
  /** Each waiter's wake-up function, with the position it waits to see passed. */
  private readonly waiters = new Map<() => void, bigint>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly readHead: () => bigint | null,
    private readonly pollIntervalMs: number,
  ) {}

  /** Resolves once the log's head is past `after`, or the signal aborts, or the watcher closes. Never rejects. */
  waitPast(after: bigint, signal?: AbortSignal): Promise<void> {
    // Checked synchronously before registering: an append made while the subscriber was busy
    // would otherwise be announced to nobody and only found by the next poll.
    if (this.closed || signal?.aborted || isPast(this.readHead(), after)) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        this.waiters.delete(wake);
        signal?.removeEventListener('abort', wake);
        if (this.waiters.size === 0) this.stopPolling();
        resolve();
      };
      this.waiters.set(wake, after);
      signal?.addEventListener('abort', wake, { once: true });
      this.timer ??= setInterval(() => this.poll(), this.pollIntervalMs);
    });
  }

  /** An append through this store has committed up to `head`. */
  announce(head: bigint): void {
    this.wakeThosePast(head);
  }

  close(): void {
    this.closed = true;
    for (const wake of [...this.waiters.keys()]) wake();
    this.stopPolling();
  }

  private poll(): void {
    let head: bigint | null;
    try {
      head = this.readHead();
    } catch {
      return; // The file is busy for a moment (a checkpoint): the next tick will look again.
    }
    this.wakeThosePast(head);
  }

  private wakeThosePast(head: bigint | null): void {
    for (const [wake, after] of [...this.waiters]) {
      if (isPast(head, after)) wake();
    }
  }

  private stopPolling(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

function isPast(head: bigint | null, after: bigint): boolean {
  return head !== null && head > after;
}
