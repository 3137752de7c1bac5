import { applyDecorators, Type } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';

const PROBLEM = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
const problem = (status: number, description: string) => ApiResponse({ status, description, content: PROBLEM });

/** OpenAPI for a command route: its answer, the headers it takes, and the problems it may answer with. */
export function ApiCommandResponses(type: Type<unknown>, status: 200 | 201) {
  return applyDecorators(
    ApiResponse({ status, type, description: 'Written; ETag carries the stream revision' }),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retry-safe key: a retry returns the first answer' }),
    ApiHeader({ name: 'If-Match', required: false, description: 'The revision (ETag) the change is based on' }),
    ApiHeader({ name: 'X-Correlation-Id', required: false, description: 'Recorded in the events; generated when absent' }),
    problem(400, 'Malformed JSON, a wrong type, a bad header'),
    problem(401, 'No key or an unknown key'),
    problem(403, 'A key of another role'),
    problem(404, 'An unknown id'),
    problem(409, 'A rule of the domain refuses the change'),
    problem(412, 'If-Match does not match the current revision'),
    problem(413, 'Body over the size limit'),
    problem(422, 'Validation failed; `errors` names the fields'),
    problem(503, 'The event store is unavailable; retry after Retry-After'),
  );
}

export interface QueryProblems {
  /** What a 404 means on this route (an unknown id); none when it answers for any input. */
  readonly notFound?: string;
  /** The route takes `minPosition` and may wait for its read model. */
  readonly readYourWrites?: boolean;
  /** The route waits for its read model to reach the log's head (without `minPosition`). */
  readonly waitsForHead?: boolean;
}

/** OpenAPI for a query route: the problems it may answer with. */
export function ApiQueryResponses({ notFound, readYourWrites = false, waitsForHead = false }: QueryProblems = {}) {
  const waitedFor = readYourWrites ? 'minPosition' : waitsForHead ? 'the end of the log' : undefined;
  return applyDecorators(
    problem(400, readYourWrites ? 'A wrong type; minPosition not a log position, or beyond the end of the log' : 'A wrong type'),
    problem(401, 'No key or an unknown key'),
    problem(403, 'A key of another role'),
    ...(notFound ? [problem(404, notFound)] : []),
    problem(422, 'Validation failed (a page over 500, a bad cursor or date); `errors` names the fields'),
    problem(503, waitedFor
      ? `The read model has not reached ${waitedFor} within 5 s, or is stopped on a failed event, or a store is unavailable; retry after Retry-After`
      : 'A store is unavailable; retry after Retry-After'),
  );
}
