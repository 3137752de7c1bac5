import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError } from '@ledger/decider';
import { AppendTooLargeError, EventStoreUnavailableError, WrongExpectedRevisionError } from '@ledger/event-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemException } from './problem';

const DOMAIN_STATUS = { 'not-found': 404, conflict: 409, invalid: 422 } as const;

/** Seconds a client should wait before retrying when the store is unavailable. */
const RETRY_AFTER_SECONDS = '2';

/**
 * Turns every error into an `application/problem+json` answer. Known errors get their status;
 * anything else is a 500 that is logged with its stack but told to the caller without detail.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problems');

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const problem = toProblemException(error, request);
    // The request's id is named here: request lines are written apart (a Fastify hook), and no
    // async context carries it into the loggers (that cost 7% of the command rate).
    const correlationId = request.id;
    if (problem.getStatus() >= 500 && problem.code === 'internal-error') {
      this.logger.error({ err: error, url: request.url, correlationId }, 'Unhandled error');
    } else if (error instanceof EventStoreUnavailableError) {
      // The operator's cue: the message names the cause (read-only file, full disk, lock held).
      this.logger.warn({ url: request.url, correlationId }, `Refused with 503: ${error.message}`);
    }
    if (problem.getStatus() === 401) reply.header('WWW-Authenticate', 'Bearer');
    for (const [name, value] of Object.entries(problem.headers)) reply.header(name, value);
    void reply
      .status(problem.getStatus())
      .header('Content-Type', 'application/problem+json; charset=utf-8')
      .send(problem.toProblem(request.url.split('?')[0]));
  }
}

export function toProblemException(error: unknown, request: FastifyRequest): ProblemException {
  return problemFor(error, { ifMatchGiven: Boolean(request.headers['if-match']) });
}

/**
 * The answer an error gets, also outside a request (the command metrics classify refusals by it).
 * @param ifMatchGiven a lost revision race is the caller's stale If-Match (412), else a retryable 409.
 */
export function problemFor(error: unknown, { ifMatchGiven }: { ifMatchGiven: boolean }): ProblemException {
  if (error instanceof ProblemException) return error;
  if (error instanceof DomainError) {
    const errors = error.field ? [{ field: error.field, reason: error.message }] : undefined;
    return new ProblemException(DOMAIN_STATUS[error.kind], error.code, error.message, undefined, errors);
  }
  if (error instanceof WrongExpectedRevisionError) {
    return ifMatchGiven
      ? new ProblemException(412, 'revision-mismatch', 'The resource changed since the revision in If-Match',
          `Expected revision ${String(error.expected)}, the stream is at ${String(error.actual)}`)
      : new ProblemException(409, 'concurrent-change', 'Another change to this resource won the race; retry', error.message);
  }
  if (error instanceof EventStoreUnavailableError) {
    return new ProblemException(503, 'event-store-unavailable', 'The event store is unavailable; nothing was written',
      undefined, undefined, { 'Retry-After': RETRY_AFTER_SECONDS });
  }
  if (error instanceof AppendTooLargeError) {
    return new ProblemException(413, 'append-too-large', 'The change is larger than the event store accepts', error.message);
  }
  if (error instanceof HttpException) return fromHttpException(error);
  return fromFrameworkError(error);
}

function fromHttpException(error: HttpException): ProblemException {
  const status = error.getStatus();
  // Nest wraps the body parser's errors; the original, kept as the cause, says what went wrong.
  const cause = error.cause as { code?: string } | undefined;
  const code = FASTIFY_CODES[cause?.code ?? ''] ?? (isJsonSyntaxError(cause) ? 'malformed-json' : undefined) ??
    HTTP_CODES[status] ?? (status >= 500 ? 'internal-error' : 'bad-request');
  return new ProblemException(status, code, error.message);
}

/** Fastify raises its own errors (body too large, bad JSON, bad media type) with a statusCode. */
function fromFrameworkError(error: unknown): ProblemException {
  const status = (error as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = FASTIFY_CODES[(error as { code?: string }).code ?? ''] ?? (isJsonSyntaxError(error) ? 'malformed-json' : undefined) ??
      HTTP_CODES[status] ?? 'bad-request';
    return new ProblemException(status, code, (error as Error).message);
  }
  return new ProblemException(500, 'internal-error', 'Internal error; it has been logged');
}

/** Fastify's JSON parser raises a bare SyntaxError (with a 400 statusCode) for a body that does not parse. */
const isJsonSyntaxError = (error: unknown) => error instanceof SyntaxError || (error as Error)?.name === 'SyntaxError';

const HTTP_CODES: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  409: 'conflict',
  412: 'precondition-failed',
  413: 'body-too-large',
  415: 'unsupported-media-type',
  422: 'validation-failed',
  429: 'too-many-requests',
  503: 'unavailable',
};

const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body-too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed-json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed-json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad-request',
};
