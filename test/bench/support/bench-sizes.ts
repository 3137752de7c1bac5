import type { WorldSize } from './bench-world';

/** How big and how long each measure is: the full run (under 10 minutes) or `--quick` (under 1). */
export interface BenchSizes {
  readonly world: WorldSize;
  readonly connections: number;
  readonly warmUpSeconds: number;
  readonly bareSeconds: number;
  readonly commandSeconds: number;
  /** Commands timed on each of the short and the long histories. */
  readonly historyCommands: number;
  readonly freshnessSeconds: number;
  readonly freshnessRate: number;
  /** Accounts of the synthetic log the rebuild replays (about 46 events each). */
  readonly rebuildAccounts: number;
  /** Measure 7: the even load run alone, then during rebuilds, for this long each. */
  readonly rebuildLoadSeconds: number;
  /** Measure 7's commands a second: a steady service's traffic, well under what it can take, so that waits show. */
  readonly rebuildLoadRate: number;
}

const world = { managers: 500, accounts: 10_000, shortHistories: 100, longHistory: 10_000 };

export const FULL: BenchSizes = {
  world: { ...world, openDealsPerAccount: 4, longHistories: 3 },
  connections: 50,
  warmUpSeconds: 3,
  bareSeconds: 15,
  commandSeconds: 30,
  historyCommands: 5000,
  freshnessSeconds: 20,
  freshnessRate: 1000,
  rebuildAccounts: 21_750, // 1,000,000 events
  rebuildLoadSeconds: 10,
  rebuildLoadRate: 300,
};

export const QUICK: BenchSizes = {
  world: { ...world, openDealsPerAccount: 1, longHistories: 1 },
  connections: 50,
  warmUpSeconds: 1,
  bareSeconds: 3,
  commandSeconds: 5,
  historyCommands: 500,
  freshnessSeconds: 5,
  freshnessRate: 1000,
  rebuildAccounts: 2_200, // about 100,000 events
  rebuildLoadSeconds: 3,
  rebuildLoadRate: 300,
};
