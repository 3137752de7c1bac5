/** Events per second over the last few seconds, for the projections' status. */
export class ThroughputMeter {
  private samples: Array<{ at: number; count: number }> = [];

  constructor(
    private readonly windowMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  record(count: number): void {
    const at = this.now();
    this.samples.push({ at, count });
    this.samples = this.samples.filter((sample) => sample.at > at - this.windowMs);
  }

  perSecond(): number {
    const now = this.now();
    const recent = this.samples.filter((sample) => sample.at > now - this.windowMs);
    if (recent.length === 0) return 0;
    const total = recent.reduce((sum, sample) => sum + sample.count, 0);
    const spanMs = Math.max(now - recent[0].at, 1000);
    return Math.round((total * 1000) / spanMs);
  }
}
