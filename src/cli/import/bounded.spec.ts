import { forEachBounded } from './bounded';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('forEachBounded', () => {
  it('does every item, never more than the limit at once', async () => {
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    await forEachBounded([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      most = Math.max(most, ++inFlight);
      await tick();
      done.push(item);
      inFlight--;
    });
    expect([done.sort(), most]).toEqual([[1, 2, 3, 4, 5, 6, 7], 3]);
  });

  it('starts nothing after a failure, and rethrows it', async () => {
    const started: number[] = [];
    const run = forEachBounded([1, 2, 3, 4, 5], 2, async (item) => {
      started.push(item);
      await tick();
      if (item === 1) throw new Error('store unavailable');
    });
    await expect(run).rejects.toThrow('store unavailable');
    expect(started).toEqual([1, 2]);
  });
});
