import type { FastifyInstance } from 'fastify';
import { hostname } from 'node:os';
import type { Params } from 'nestjs-pino';
import type { DestinationStream, Logger } from 'pino';

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
 * Structured JSON logs (pino) through nestjs-pino, which backs Nest's Logger with one root pino
 * logger. The line per request is not pino-http's middleware: see logRequests.
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
  };
  return {
    // No route gets nestjs-pino's middleware (pino-http run by Nest's middleware layer, @fastify/middie):
    // it made two child loggers and an async context per request, and cost a third of the bare
    // endpoint's time (npm run bench). pinoHttp still configures the root logger.
    forRoutes: [],
    pinoHttp: destination ? [options, destination] : options,
  };
}

/**
 * One line per request, from Fastify's onResponse hook, whoever answered it (a route, a refusal,
 * Fastify's own 404 or 413), or from onRequestAbort if the caller left first: the request (method, url, the tracing headers), its
 * status, its time, and its `correlationId`, the id the answer's X-Correlation-Id and the events'
 * metadata carry. Lines logged while handling a request name that id themselves (the problem
 * filter's do).
 */
export function logRequests(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const failed = reply.statusCode >= 500;
    // pino checks the level itself, but only once the line is built: skip building it too.
    if (logger.isLevelEnabled(failed ? 'error' : 'info')) {
      const line = { correlationId: request.id, req: request.raw, res: reply.raw, responseTime: Math.round(reply.elapsedTime) };
      if (failed) logger.error(line, 'request errored');
      else logger.info(line, 'request completed');
    }
    done();
  });
  // A caller that hangs up before its answer gets no onResponse: its request still gets its line.
  fastify.addHook('onRequestAbort', (request, done) => {
    logger.info({ correlationId: request.id, req: request.raw }, 'request aborted');
    done();
  });
}
