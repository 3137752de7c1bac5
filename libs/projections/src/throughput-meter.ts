/**
 * Events per second over the last few seconds, for the projections' status. Recording is
 * amortised O(1): expired samples leave from the front as time moves on, with a running total.
 * (Filtering the whole window on every batch, as it once did, copied some 2,000 samples per
 * batch per runner under load: 2.6 % of a command's time in the benchmark's profile.)
 */
export class ThroughputMeter {
  private readonly samples: Array<{ at: number; count: number }> = [];
  /** Index of the oldest sample still in the window; those before it are expired. */
  private first = 0;
  /** Events counted by the samples in the window. */
  private total = 0;

  constructor(
    private readonly windowMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  record(count: number): void {
    const at = this.now();
    this.samples.push({ at, count });
    this.total += count;
    this.expire(at);
  }

  perSecond(): number {
    const now = this.now();
    this.expire(now);
    if (this.first === this.samples.length) return 0;
    const spanMs = Math.max(now - this.samples[this.first].at, 1000);
    return Math.round((this.total * 1000) / spanMs);
  }

  private expire(now: number): void {
    while (this.first < this.samples.length && this.samples[this.first].at <= now - this.windowMs) {
      this.total -= this.samples[this.first].count;
      this.first += 1;
    }
    // Drop the expired ones now and then, not on every call, so the array does not grow for ever.
    if (this.first > 1024 && this.first * 2 > this.samples.length) {
      this.samples.splice(0, this.first);
      this.first = 0;
    }
  }
}
