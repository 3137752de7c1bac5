import autocannon from 'autocannon';
import { BENCH_KEY } from './service-child';

export interface BenchRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
  readonly idempotencyKey?: string;
  /** Groups latencies (`onLatency`): which kind of request this was. */
  readonly tag?: string;
}

export interface LoadOptions {
  readonly baseUrl: string;
  readonly connections: number;
  readonly durationSeconds?: number;
  /** Stop after this many requests instead of after a duration. */
  readonly amount?: number;
  /** Requests a second over all connections (a sustained rate), instead of as fast as answered. */
  readonly overallRate?: number;
  readonly next: () => BenchRequest;
  /** Every answer's latency, with its request's tag; needs one connection (answers in order). */
  readonly onLatency?: (tag: string | undefined, ms: number) => void;
}

export interface LoadResult {
  readonly requests: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Answers other than 2xx, connection errors and timeouts. */
  readonly errors: number;
  readonly statuses: Record<string, number>;
  /** The first failed answer's body, to say what went wrong. */
  readonly firstFailure?: string;
}

/** Runs autocannon (as a library) against the service with requests made one by one by `next`. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const statuses: Record<string, number> = {};
  const sent: Array<string | undefined> = [];
  let firstFailure: string | undefined;
  const instance = autocannon({
    url: options.baseUrl,
    connections: options.connections,
    // autocannon refuses keys present but undefined.
    ...(options.amount === undefined ? { duration: options.durationSeconds } : { amount: options.amount }),
    ...(options.overallRate === undefined ? {} : { overallRate: options.overallRate }),
    timeout: 30,
    headers: { authorization: `Bearer ${BENCH_KEY}`, 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => {
          const next = options.next();
          sent.push(next.tag);
          const headers = { ...request.headers };
          if (next.idempotencyKey) headers['idempotency-key'] = next.idempotencyKey;
          return { ...request, method: next.method, path: next.path, headers, body: next.body === undefined ? undefined : JSON.stringify(next.body) };
        },
        onResponse: (status, body) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
          if ((status < 200 || status > 299) && firstFailure === undefined) firstFailure = `${status} ${body}`;
        },
      },
    ],
  });
  if (options.onLatency) {
    // One connection answers in the order it was asked, so the oldest tag sent is this answer's.
    // Called without a callback, autocannon answers an event emitter that is also a promise.
    (instance as unknown as NodeJS.EventEmitter).on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => options.onLatency!(sent.shift(), ms));
  }
  const result = await instance;
  const seconds = result.duration;
  return {
    requests: result.requests.total,
    perSecond: Math.round(result['2xx'] / seconds),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
    statuses,
    firstFailure,
  };
}

/** The request's headers with the benchmark's key: for the requests autocannon does not send. */
export function benchHeaders(request: BenchRequest, extraHeaders: Record<string, string> = {}): Record<string, string> {
  const headers: Record<string, string> = { authorization: `Bearer ${BENCH_KEY}`, ...extraHeaders };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  if (request.idempotencyKey) headers['idempotency-key'] = request.idempotencyKey;
  return headers;
}

/** The same request for `fetch`: for the loads and probes autocannon does not send. */
export function fetchInit(request: BenchRequest, extraHeaders: Record<string, string> = {}): RequestInit {
  return { method: request.method, headers: benchHeaders(request, extraHeaders), body: request.body === undefined ? undefined : JSON.stringify(request.body) };
}
