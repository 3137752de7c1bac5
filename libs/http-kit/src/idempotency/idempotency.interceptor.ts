import { CallHandler, ExecutionContext, HttpStatus, Inject, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { hash } from 'node:crypto';
import stableStringify from 'fast-json-stable-stringify';
import type { FastifyReply } from 'fastify';
import { defer, map, Observable, of, switchMap } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { ProblemException } from '../problems/problem';
import { IDEMPOTENCY_STORE, IdempotencyStore, StoredResponse } from './idempotency.store';

/** Response headers worth replaying with the first response. */
const REPLAYED_HEADERS = ['etag', 'location'];

/**
 * Responses already sent whose records the store has not written yet, by caller and key; one map
 * per store, so that every controller's interceptor sees them.
 */
const unwritten = new WeakMap<IdempotencyStore, Map<string, StoredResponse>>();

function unwrittenOf(store: IdempotencyStore): Map<string, StoredResponse> {
  let responses = unwritten.get(store);
  if (!responses) unwritten.set(store, (responses = new Map()));
  return responses;
}

/**
 * `Idempotency-Key` on commands: a retry with the same key and body gets the first response and
 * writes nothing; the same key with another request gets 422.
 *
 * The response is sent without waiting for its record to be written: with SQLite the record
 * commits in the group after the command's events (the response is only known once they are
 * written), which cost every keyed command one more turn of the event loop, and with PostgreSQL
 * a round trip. Until the store has it, the record is kept here, so a retry to this process in
 * the meantime is answered from it. A retry to another instance in that window (with PostgreSQL,
 * about a millisecond), or after a crash in it, which loses the record but not the command, is
 * handled again and finds the command's events by the key (see handleCommand): the same answer,
 * without `Idempotent-Replayed`, and another body with the same key is not told apart there.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');
  private readonly unwritten: Map<string, StoredResponse>;

  constructor(
    @Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
  ) {
    this.unwritten = unwrittenOf(store);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || typeof key !== 'string' || !request.actor) return next.handle();
    const scope = request.actor.keyId;
    const requestHash = hashRequest(request);
    // Nest applies @HttpCode after interceptors run, so read the status the route will answer with.
    const status = this.reflector.get<number>(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.CREATED;
    const slot = `${scope}\u0000${key}`;
    return defer(async () => this.unwritten.get(slot) ?? (await this.store.find(scope, key))).pipe(
      switchMap((stored) => {
        if (!stored) {
          return next.handle().pipe(
            map((body) => {
              this.remember(scope, key, slot, { requestHash, status, reply, body, correlationId: request.id });
              return body;
            }),
          );
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

  /** Keeps the response for retries at once, and has the store write it without waiting for it. */
  private remember(
    scope: string,
    key: string,
    slot: string,
    { requestHash, status, reply, body, correlationId }: { requestHash: string; status: number; reply: FastifyReply; body: unknown; correlationId: string },
  ): void {
    const headers = Object.fromEntries(
      REPLAYED_HEADERS.flatMap((name) => (reply.hasHeader(name) ? [[name, String(reply.getHeader(name))]] : [])),
    );
    const response: StoredResponse = { requestHash, status, body, headers };
    // Two identical requests that raced both get here: the first response is kept, as the store keeps it.
    if (!this.unwritten.has(slot)) this.unwritten.set(slot, response);
    this.store
      .remember(scope, key, response)
      .catch((error: unknown) => {
        // The command is written; a retry will find its events in the log (see handleCommand).
        this.logger.warn({ err: error, correlationId }, 'Could not remember an idempotent response');
      })
      .finally(() => {
        if (this.unwritten.get(slot) === response) this.unwritten.delete(slot);
      });
  }
}

function hashRequest(request: AuthenticatedRequest): string {
  const path = request.url.split('?')[0];
  return hash('sha256', `${request.method} ${path}\n${stableStringify(request.body ?? null)}`, 'hex');
}
