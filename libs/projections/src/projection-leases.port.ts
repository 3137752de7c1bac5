/** The right to run one projection or reactor, held by one instance at a time. */
export interface Lease {
  /** Called once if the lease is lost without being released (its connection died). */
  onLost(listener: (error: Error) => void): void;
  release(): Promise<void>;
}

/**
 * Leadership among instances sharing one read store: each projection and reactor is run by the
 * instance holding its lease; the others serve queries from the same store and keep trying. A
 * single process needs no leases (the SQLite default): it runs everything.
 */
export interface ProjectionLeases {
  /** Takes the lease on `name` unless another instance holds it (then null). */
  tryAcquire(name: string): Promise<Lease | null>;
}

/** Writes refused because this instance does not, or no longer, hold the projection's lease. */
export class LeaseNotHeldError extends Error {
  constructor(readonly projection: string) {
    super(`This instance does not hold the lease on ${projection}: another instance runs it`);
    this.name = 'LeaseNotHeldError';
  }
}

export const PROJECTION_LEASES = Symbol('PROJECTION_LEASES');
