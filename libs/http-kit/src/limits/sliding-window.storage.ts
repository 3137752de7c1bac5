import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';

/** The hits of one key in one throttler: when each expires, oldest first, from `head` on. */
interface Window {
  expirations: number[];
  head: number;
  /** The key's reset time for X-RateLimit-Reset, renewed once it has passed (as the default storage does). */
  expiresAt: number;
}

/**
 * The throttler's sliding window, answering as @nestjs/throttler's in-memory storage does (no
 * block duration: a key is served again once its oldest hit in the window has expired), in
 * constant time a request. The default storage filters the whole window's list of hits and
 * spreads it into Math.min on every request: at 4,000 requests a second that is a new array of
 * up to 240,000 numbers per request, which the benchmark measured as the service's main cost
 * under load (and over a gigabyte of garbage a second).
 */
export class SlidingWindowStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();

  async increment(key: string, ttl: number, limit: number, _blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    const window = this.window(`${throttlerName}\u0000${key}`, now, ttl);
    while (window.head < window.expirations.length && window.expirations[window.head] <= now) window.head++;
    if (window.head > 1024 && window.head * 2 > window.expirations.length) {
      // Drop the expired hits now and then, not on every request.
      window.expirations = window.expirations.slice(window.head);
      window.head = 0;
    }
    const hits = window.expirations.length - window.head;
    const isBlocked = hits >= limit;
    if (!isBlocked) window.expirations.push(now + ttl);
    const timeToExpire = Math.ceil((window.expiresAt - now) / 1000);
    const oldest = window.expirations[window.head];
    return {
      totalHits: hits + 1,
      timeToExpire,
      isBlocked,
      timeToBlockExpire: isBlocked ? (oldest === undefined ? timeToExpire : Math.ceil((oldest - now) / 1000)) : 0,
    };
  }

  private window(slot: string, now: number, ttl: number): Window {
    let window = this.windows.get(slot);
    if (!window) {
      window = { expirations: [], head: 0, expiresAt: now + ttl };
      this.windows.set(slot, window);
    }
    if (window.expiresAt <= now) window.expiresAt = now + ttl;
    return window;
  }
}
