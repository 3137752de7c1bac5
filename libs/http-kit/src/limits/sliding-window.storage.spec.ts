import { SlidingWindowStorage } from './sliding-window.storage';

const MINUTE = 60_000;

describe('SlidingWindowStorage', () => {
  let now: number;
  let storage: SlidingWindowStorage;
  beforeEach(() => {
    now = Date.UTC(2026, 0, 5, 10);
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    storage = new SlidingWindowStorage();
  });
  afterEach(() => jest.restoreAllMocks());

  const hit = (key = 'key-a', limit = 3) => storage.increment(key, MINUTE, limit, 0, 'default');

  it('counts the hits of the window, this one included', async () => {
    await hit();
    expect((await hit()).totalHits).toBe(2);
  });

  it('blocks the hit after the limit, until the oldest hit is a minute old', async () => {
    await hit();
    now += 20_000;
    await hit();
    await hit();
    expect(await hit()).toEqual({ totalHits: 4, timeToExpire: 40, isBlocked: true, timeToBlockExpire: 40 });
  });

  it('serves again once the oldest hit has left the window', async () => {
    await hit();
    now += 20_000;
    await hit();
    await hit();
    now += 40_000;
    expect((await hit()).isBlocked).toBe(false);
  });

  it('does not count a blocked hit in the window', async () => {
    for (let i = 0; i < 5; i++) await hit();
    now += MINUTE;
    expect((await hit()).totalHits).toBe(1);
  });

  it('keeps one window per key', async () => {
    for (let i = 0; i < 3; i++) await hit('key-a');
    expect((await hit('key-b')).isBlocked).toBe(false);
  });

  it('keeps counting right past the compaction of expired hits', async () => {
    for (let i = 0; i < 3000; i++) {
      await hit('key-a', 10_000);
      now += 30;
    }
    // Hits less than a minute old: those after 30,000 ms of the 90,000, 1,999 of them; then this one.
    expect((await hit('key-a', 10_000)).totalHits).toBe(2000);
  });
});
