import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { describeRunner, LAG_COUNT_CAP } from './projection-status';
import type { RunnerView } from './standby';

const recordedAt = new Date('2024-05-01T09:00:00.000Z');
const event = (position: bigint): RecordedEvent =>
  ({ id: `e${position}`, type: 'Counted', data: {}, metadata: {}, stream: 's-1', revision: Number(position) - 1, position, recordedAt });

/** A log of `length` events at positions 1 to `length`, noting each read's size. */
function logOf(length: number, options: { counts: boolean }): { store: EventStore; reads: number[] } {
  const reads: number[] = [];
  const after = (position: bigint | undefined) => Number(position ?? 0n);
  const store = {
    async readAll({ after: from, maxCount = 4096 }: { after?: bigint; maxCount?: number } = {}) {
      const count = Math.max(0, Math.min(maxCount, length - after(from)));
      reads.push(count);
      return Array.from({ length: count }, (_, index) => event(BigInt(after(from) + index + 1)));
    },
    ...(options.counts ? { countAfter: async (from: bigint | undefined, cap: number) => Math.max(0, Math.min(cap, length - after(from))) } : {}),
  } as unknown as EventStore;
  return { store, reads };
}

const runnerAt = (checkpoint: bigint | null): RunnerView =>
  ({ name: 'counter', status: 'running', checkpoint: () => checkpoint, eventsPerSecond: () => 0 }) as unknown as RunnerView;

describe('describeRunner', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2024-05-01T09:00:02.000Z') }));
  afterEach(() => jest.useRealTimers());

  it('has the store count the events behind, reading only the oldest of them', async () => {
    const { store, reads } = logOf(25_000, { counts: true });
    const status = await describeRunner(store, 25_000n, runnerAt(5_000n), {});
    expect([status.lagEvents, status.lagEventsCapped, status.lagMs, reads]).toEqual([LAG_COUNT_CAP, true, 2000, [1]]);
  });

  it('reads the events behind to count them when the store cannot count', async () => {
    const { store, reads } = logOf(7, { counts: false });
    const status = await describeRunner(store, 7n, runnerAt(2n), {});
    expect([status.lagEvents, status.lagEventsCapped, reads]).toEqual([5, false, [1, 5]]);
  });

  it('is 0 events and 0 ms behind at the head, after one read', async () => {
    const { store, reads } = logOf(7, { counts: true });
    const status = await describeRunner(store, 7n, runnerAt(7n), {});
    expect([status.lagEvents, status.lagMs, reads]).toEqual([0, 0, [0]]);
  });
});
