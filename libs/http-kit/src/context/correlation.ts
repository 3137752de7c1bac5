import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;
export const CORRELATION_HEADER = 'x-correlation-id';

/**
 * Fastify's `genReqId`: a caller's well-formed X-Correlation-Id becomes the request id (so logs
 * and event metadata share it); otherwise a new UUID.
 */
export function correlationIdFor(request: IncomingMessage): string {
  const given = request.headers[CORRELATION_HEADER];
  const value = Array.isArray(given) ? given[0] : given;
  return value && CORRELATION_ID.test(value) ? value : randomUUID();
}
