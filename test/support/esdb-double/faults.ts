/**
 * Fault injection and call counting for the double. Tests say what should go wrong next; the
 * service handlers ask here before doing their work, so an injected failure never writes anything.
 */
import { status, type ServiceError } from '@grpc/grpc-js';
import { serviceError } from './wire';

/** What the handlers count: a BatchAppend request counts once per `is_final` batch, as an append. */
export type CallKind = 'Read' | 'Append' | 'BatchAppend' | 'Delete' | 'Tombstone' | 'GetSupportedMethods' | 'Gossip';

const APPENDS: readonly CallKind[] = ['Append', 'BatchAppend'];
/** ServerFeatures and Gossip never fail on purpose: the client caches their answers per channel. */
const FAILABLE: readonly CallKind[] = ['Read', 'Append', 'BatchAppend', 'Delete', 'Tombstone'];

interface PendingFailures {
  remaining: number;
  code: status;
}

export class Faults {
  private readonly counts = new Map<CallKind, number>();
  private any: PendingFailures = { remaining: 0, code: status.UNAVAILABLE };
  private appends: PendingFailures = { remaining: 0, code: status.UNAVAILABLE };
  /** While set, appends get no answer until their deadline passes (see the streams service). */
  hangAppends = false;
  /** While set, reads (not subscriptions' live part) get no answer at all: a stuck server. */
  hangReads = false;

  failNext(count: number, code: status): void {
    this.any = { remaining: count, code };
  }

  failNextAppends(count: number, code: status): void {
    this.appends = { remaining: count, code };
  }

  /** Counts the call and answers with the failure it must end in, if one was injected. */
  enter(kind: CallKind): ServiceError | null {
    this.counts.set(kind, this.callCount(kind) + 1);
    if (!FAILABLE.includes(kind)) return null;
    const pending = APPENDS.includes(kind) && this.appends.remaining > 0 ? this.appends : this.any;
    if (pending.remaining === 0) return null;
    pending.remaining -= 1;
    return serviceError(pending.code, 'Injected by the EventStoreDB test double');
  }

  callCount(kind: CallKind): number {
    return this.counts.get(kind) ?? 0;
  }

  resetCounts(): void {
    this.counts.clear();
  }
}
