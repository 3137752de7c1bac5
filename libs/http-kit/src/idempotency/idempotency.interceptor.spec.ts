import { CallHandler, ExecutionContext, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { firstValueFrom, of } from 'rxjs';
import { ProblemException } from '../problems/problem';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyStore, StoredResponse } from './idempotency.store';

/** A store whose writes wait until the test settles them. */
class SlowStore implements IdempotencyStore {
  readonly written = new Map<string, StoredResponse>();
  readonly finds: string[] = [];
  private readonly waiting: Array<{ settle: (error?: Error) => void }> = [];

  async find(scope: string, key: string): Promise<StoredResponse | undefined> {
    this.finds.push(key);
    return this.written.get(`${scope}/${key}`);
  }

  remember(scope: string, key: string, response: StoredResponse): Promise<void> {
    return new Promise((resolve, reject) =>
      this.waiting.push({
        settle: (error) => {
          if (error) return reject(error);
          this.written.set(`${scope}/${key}`, response);
          resolve();
        },
      }),
    );
  }

  /** Writes (or fails) every record asked for so far. */
  async settle(error?: Error): Promise<void> {
    this.waiting.splice(0).forEach((write) => write.settle(error));
    await new Promise((resolve) => setImmediate(resolve));
  }

  get unwrittenCount(): number {
    return this.waiting.length;
  }
}

/** A POST with an Idempotency-Key, its reply (which records what the interceptor sets), and a handler that counts its calls. */
function exchange(body: object, key = 'key-1') {
  const replyHeaders: Record<string, string> = { etag: '"3"' };
  const reply = {
    statusCode: 201,
    hasHeader: (name: string) => name in replyHeaders,
    getHeader: (name: string) => replyHeaders[name],
    status(code: number) { reply.statusCode = code; return reply; },
    headers(values: Record<string, string>) { Object.assign(replyHeaders, values); return reply; },
  };
  const request = { method: 'POST', url: '/accounts/acme/assignment', headers: { 'idempotency-key': key }, body, actor: { keyId: 'caller-1' }, id: 'correlation-1' };
  const context = {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
    getHandler: () => function assign() {},
  } as unknown as ExecutionContext;
  let handled = 0;
  const next: CallHandler = { handle: () => (handled++, of({ revision: 3, position: '42' })) };
  return { context, next, reply, replyHeaders, handled: () => handled };
}

describe('IdempotencyInterceptor', () => {
  let store: SlowStore;
  let interceptor: IdempotencyInterceptor;
  const send = (call: ReturnType<typeof exchange>) => firstValueFrom(interceptor.intercept(call.context, call.next));

  beforeEach(() => {
    store = new SlowStore();
    interceptor = new IdempotencyInterceptor(store, new Reflector());
  });

  it('answers without waiting for the record to be written', async () => {
    const first = exchange({ managerId: 'moses' });
    expect([await send(first), first.handled(), store.unwrittenCount]).toEqual([{ revision: 3, position: '42' }, 1, 1]);
  });

  it('answers a retry from the record not written yet: the first response, as a replay, without handling it again', async () => {
    await send(exchange({ managerId: 'moses' }));
    const retry = exchange({ managerId: 'moses' });
    expect(await send(retry)).toEqual({ revision: 3, position: '42' });
    expect([retry.handled(), retry.reply.statusCode, retry.replyHeaders, store.finds]).toEqual([
      0, 201, { etag: '"3"', 'idempotent-replayed': 'true' }, ['key-1'],
    ]);
  });

  it('refuses the same key with another body with 422 while the record is not written yet', async () => {
    await send(exchange({ managerId: 'moses' }));
    const reused = exchange({ managerId: 'someone-else' });
    const error = await send(reused).catch((caught: unknown) => caught);
    expect([error instanceof ProblemException && error.getStatus(), error instanceof ProblemException && error.code, reused.handled()]).toEqual([
      422, 'idempotency-key-reused', 0,
    ]);
  });

  it('reads the record from the store once it is written', async () => {
    await send(exchange({ managerId: 'moses' }));
    await store.settle();
    const retry = exchange({ managerId: 'moses' });
    await send(retry);
    expect([retry.handled(), store.finds, [...store.written.keys()]]).toEqual([0, ['key-1', 'key-1'], ['caller-1/key-1']]);
  });

  it('keeps nothing when the store fails to write: a retry is handled again (and finds its events in the log), and a warning says why', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    await send(exchange({ managerId: 'moses' }));
    await store.settle(new Error('disk full'));
    const retry = exchange({ managerId: 'moses' });
    await send(retry);
    expect([retry.handled(), warn.mock.calls.map(([, message]) => message)]).toEqual([1, ['Could not remember an idempotent response']]);
    warn.mockRestore();
  });

  it('leaves requests without a key alone', async () => {
    const call = exchange({ managerId: 'moses' });
    (call.context.switchToHttp().getRequest() as { headers: Record<string, string> }).headers = {};
    await send(call);
    await send(call);
    expect([call.handled(), store.finds, store.unwrittenCount]).toEqual([2, [], 0]);
  });
});
