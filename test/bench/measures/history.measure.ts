import type { BenchSizes } from '../support/bench-sizes';
import type { TrackedAccount, World } from '../support/bench-world';
import { toggleKey } from '../support/command-mix';
import { runLoad } from '../support/http-load';
import { percentile } from '../support/percentiles';

export interface HistoryFigures {
  readonly shortEvents: number;
  readonly longEvents: number;
  readonly short: { readonly p50Ms: number; readonly p99Ms: number };
  readonly long: { readonly p50Ms: number; readonly p99Ms: number };
  /** p99 on the long history over p99 on the short one. */
  readonly p99Ratio: number;
  readonly errors: number;
}

/**
 * 2. The same command (a key designation or its revocation, with an Idempotency-Key) on accounts
 * of 10 events and of `longHistory` events, in turn on one connection so both see the same
 * machine. Each account is touched once before timing (a service that has been running).
 */
export async function measureHistory(baseUrl: string, world: World, sizes: BenchSizes): Promise<HistoryFigures> {
  const run = `history-${Date.now()}`;
  const timed = { short: [] as number[], long: [] as number[] };
  let n = 0;
  const turn = (accounts: TrackedAccount[], tag: string) => toggleKey(accounts[Math.floor(n / 2) % accounts.length], `${run}-${n++}`, tag);
  const next = () => (n % 2 === 0 ? turn(world.shortHistories, 'short') : turn(world.longHistories, 'long'));
  const warmUp = 2 * Math.max(world.shortHistories.length, world.longHistories.length);
  await runLoad({ baseUrl, connections: 1, amount: warmUp, next });
  const result = await runLoad({
    baseUrl, connections: 1, amount: 2 * sizes.historyCommands, next,
    onLatency: (tag, ms) => timed[tag as 'short' | 'long'].push(ms),
  });
  const figures = (samples: number[]) => ({ p50Ms: percentile(samples, 0.5), p99Ms: percentile(samples, 0.99) });
  const [short, long] = [figures(timed.short), figures(timed.long)];
  return { shortEvents: 10, longEvents: sizes.world.longHistory, short, long, p99Ratio: long.p99Ms / short.p99Ms, errors: result.errors };
}
