/** The first response to a request sent with an Idempotency-Key. */
export interface StoredResponse {
  readonly requestHash: string;
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;
}

/**
 * Remembers responses by (caller, Idempotency-Key). It is an accelerator and a guard against key
 * reuse with another body: the log itself stays the source of truth, since retried commands
 * also find their own events by the key in event metadata (see handleCommand).
 */
export interface IdempotencyStore {
  find(scope: string, key: string): Promise<StoredResponse | undefined>;
  /** Keeps the first response when two identical requests race. */
  remember(scope: string, key: string, response: StoredResponse): Promise<void>;
}

export const IDEMPOTENCY_STORE = Symbol('IDEMPOTENCY_STORE');
