import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ProblemException } from './problem';

const CODES: Record<string, string> = {
  FST_ERR_BAD_URL: 'malformed-path',
  FST_ERR_MAX_PARAM_LENGTH: 'path-segment-too-long',
};

/**
 * Fastify's `frameworkErrors`: what the router refuses before any route (or Nest's exception
 * filter) runs, a path whose percent-escapes do not decode (`/accounts/%C0%AF`) or a segment longer
 * than it matches, gets a problem document like every other refusal, not Fastify's own JSON.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const problem = new ProblemException(status, CODES[error.code] ?? 'bad-request', 'The request path cannot be read', error.message);
  void reply.status(status).header('Content-Type', 'application/problem+json; charset=utf-8').send(problem.toProblem());
}
