import { RequestMethod } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { hostname } from 'node:os';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';

/** Where secrets could appear in a request log line; pino replaces them with "[Redacted]". */
export const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'];

/**
 * The request headers a log line keeps: those that help to trace or debug a call. The others
 * (credentials above all) are left out, not redacted. Copying, redacting and writing every
 * request and response header cost 5% of the bare endpoint's requests/s (npm run bench).
 */
export const LOGGED_REQUEST_HEADERS = ['user-agent', 'content-type', 'content-length', 'x-correlation-id', 'idempotency-key', 'if-match'];

interface SerializedRequest {
  id: unknown;
  method: string;
  url: string;
  remoteAddress?: string;
  headers: Record<string, unknown>;
}

function requestLine(request: SerializedRequest) {
  const headers: Record<string, unknown> = {};
  for (const name of LOGGED_REQUEST_HEADERS) if (request.headers[name] !== undefined) headers[name] = request.headers[name];
  return { id: request.id, method: request.method, url: request.url, remoteAddress: request.remoteAddress, headers };
}

/**
 * Structured JSON logs (pino): one line per request (pino-http), and the correlation id (the
 * request id, from X-Correlation-Id or generated) on every line logged during a request.
 * @param destination where lines go instead of stdout (tests read them from there).
 */
export function requestLogging(level: string, destination?: DestinationStream): Params {
  const options = {
    level,
    // Kept although those headers are left out: a serializer changed later must not leak them.
    redact: REDACTED_PATHS,
    serializers: {
      req: requestLine,
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
    },
    // On every line, start-up and projections included: one service among several in a log store.
    base: { service: 'key-account-ledger', pid: process.pid, hostname: hostname() },
    // On every line logged while a request is handled (nestjs-pino hands the Nest Logger the
    // request's child logger): one `correlationId` to filter by, the same as in the events' metadata.
    customProps: (request: IncomingMessage) => ({ correlationId: (request as IncomingMessage & { id?: unknown }).id }),
  };
  return {
    // nestjs-pino's default route pattern matches nothing under Nest 12 with Fastify: name it.
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
    pinoHttp: destination ? [options, destination] : options,
  };
}
