import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerModuleOptions } from '@nestjs/throttler';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { ProblemException } from '../problems/problem';
import { SlidingWindowStorage } from './sliding-window.storage';

/** The window of the per-key request budget. */
export const RATE_LIMIT_WINDOW_MS = 60_000;

/**
 * The throttler's settings: `perMinute` requests per API key over a sliding minute. No extra
 * block once over the limit (`blockDuration: 0`): a key is served again as soon as its oldest
 * request in the window is a minute old, which is what Retry-After tells it.
 */
export function perKeyRateLimit(perMinute: number): ThrottlerModuleOptions {
  return { throttlers: [{ ttl: RATE_LIMIT_WINDOW_MS, limit: perMinute, blockDuration: 0 }], storage: new SlidingWindowStorage() };
}

/**
 * Rate limit per API key, not per address: services behind one NAT or proxy keep separate
 * budgets, and a key shared by many clients shares one. Runs after ApiKeyGuard (registered after
 * it), so it sees the caller's key fingerprint. Public routes (health, whose callers are load
 * balancers) are not limited, and neither are refused keys: 401s cost one hash and a map lookup.
 * The counts live in this process's memory; several instances each allow the limit.
 */
@Injectable()
export class ApiKeyThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return !context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  }

  protected override async getTracker(request: AuthenticatedRequest): Promise<string> {
    return request.actor!.keyId;
  }

  /** One budget per key across all routes (the default keeps one per route). */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttler: string): string {
    return `${throttler}:${tracker}`;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfter = String(Math.max(1, detail.timeToBlockExpire));
    throw new ProblemException(429, 'too-many-requests', 'Too many requests for this API key',
      `At most ${detail.limit} requests a minute per key; retry after ${retryAfter} s.`, undefined, { 'Retry-After': retryAfter });
  }
}
