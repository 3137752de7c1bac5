import { randomUUID } from 'node:crypto';
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { CommandContext } from '@ledger/decider';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { ProblemException } from '../problems/problem';

const IDEMPOTENCY_KEY = /^[\x21-\x7E]{1,255}$/;

/**
 * The request's part of a command: actor (set by the guard), correlation id (Fastify's request
 * id, taken from X-Correlation-Id when given), Idempotency-Key and If-Match.
 */
export const CommandMeta = createParamDecorator((_: unknown, host: ExecutionContext): CommandContext => {
  const request = host.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.actor) throw new Error('CommandMeta used on a route without authentication');
  const idempotencyKey = header(request, 'idempotency-key');
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw new ProblemException(400, 'invalid-idempotency-key', 'Idempotency-Key must be 1 to 255 printable ASCII characters');
  }
  return {
    actor: request.actor,
    correlationId: String(request.id),
    causationId: requestCausationId(request),
    idempotencyKey,
    expectedRevision: parseIfMatch(header(request, 'if-match')),
    now: new Date().toISOString(),
  };
});

/** `If-Match: "<revision>"`, the strong ETag this service hands out. */
export function parseIfMatch(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(value);
  if (!match) {
    throw new ProblemException(400, 'invalid-if-match', 'If-Match must be a revision in quotes, as in the ETag, e.g. "3"');
  }
  return Number(match[1]);
}

function header(request: AuthenticatedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Each request is its own message: the causation of the events it writes. */
function requestCausationId(request: AuthenticatedRequest & { causationId?: string }): string {
  request.causationId ??= randomUUID();
  return request.causationId;
}
