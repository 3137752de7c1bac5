import { CallHandler, ExecutionContext, HttpStatus, Inject, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { hash } from 'node:crypto';
import stableStringify from 'fast-json-stable-stringify';
import type { FastifyReply } from 'fastify';
import { from, mergeMap, Observable, of, switchMap } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { ProblemException } from '../problems/problem';
import { IDEMPOTENCY_STORE, IdempotencyStore } from './idempotency.store';

/** Response headers worth replaying with the first response. */
const REPLAYED_HEADERS = ['etag', 'location'];

/**
 * `Idempotency-Key` on commands: a retry with the same key and body gets the first response and
 * writes nothing; the same key with another request gets 422.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(
    @Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || typeof key !== 'string' || !request.actor) return next.handle();
    const scope = request.actor.keyId;
    const requestHash = hashRequest(request);
    // Nest applies @HttpCode after interceptors run, so read the status the route will answer with.
    const status = this.reflector.get<number>(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.CREATED;
    return from(this.store.find(scope, key)).pipe(
      switchMap((stored) => {
        if (!stored) {
          return next.handle().pipe(mergeMap((body) => this.remember(scope, key, { requestHash, status, reply, body, correlationId: request.id }).then(() => body)));
        }
        if (stored.requestHash !== requestHash) {
          throw new ProblemException(422, 'idempotency-key-reused', 'This Idempotency-Key was already used for another request',
            'Use a new key for a new request; reuse a key only to retry the very same request.');
        }
        void reply.status(stored.status).headers({ ...stored.headers, 'idempotent-replayed': 'true' });
        return of(stored.body);
      }),
    );
  }

  private async remember(
    scope: string,
    key: string,
    { requestHash, status, reply, body, correlationId }: { requestHash: string; status: number; reply: FastifyReply; body: unknown; correlationId: string },
  ) {
    const headers = Object.fromEntries(
      REPLAYED_HEADERS.flatMap((name) => (reply.hasHeader(name) ? [[name, String(reply.getHeader(name))]] : [])),
    );
    try {
      await this.store.remember(scope, key, { requestHash, status, body, headers });
    } catch (error) {
      // The command is written; a retry will find its events in the log (see handleCommand).
      this.logger.warn({ err: error, correlationId }, 'Could not remember an idempotent response');
    }
  }
}

function hashRequest(request: AuthenticatedRequest): string {
  const path = request.url.split('?')[0];
  return hash('sha256', `${request.method} ${path}\n${stableStringify(request.body ?? null)}`, 'hex');
}
