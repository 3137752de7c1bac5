import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';

/** Where secrets could appear in a request log line; pino replaces them with "[Redacted]". */
export const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'];

/** One JSON line per request (pino-http), with the correlation id as the request id. */
export function requestLogging(level: string): Params {
  return {
    // nestjs-pino's default route pattern matches nothing under Nest 12 with Fastify: name it.
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
    pinoHttp: {
      level,
      redact: REDACTED_PATHS,
      customProps: () => ({ service: 'key-account-ledger' }),
    },
  };
}
