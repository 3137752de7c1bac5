import { Logger } from '@nestjs/common';
import { Lease, ProjectionLeases } from './projection-leases.port';

/** How often an instance tries again for the leases it lacks: a dead holder's work moves within this. */
export const LEASE_RETRY_MS = 2000;

export interface LeadershipHooks {
  /** This instance now holds `name`'s lease: run it. */
  lead(name: string): Promise<void>;
  /** The lease was lost (its connection died): stop running `name` at once. */
  stepDown(name: string): Promise<void>;
  /** After each round of attempts: keep what this instance serves but does not run up to date. */
  afterRound(): Promise<void>;
}

/**
 * Competes for the lease of each projection and reactor, runs those it wins, and keeps trying
 * for the others every `retryMs`: instances without a lease keep serving queries and commands,
 * and one of them takes over within seconds when the holder dies.
 */
export class Leadership {
  private readonly logger = new Logger('Leadership');
  private readonly held = new Map<string, Lease>();
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  private halted = false;

  constructor(
    private readonly leases: ProjectionLeases,
    private readonly names: readonly string[],
    private readonly hooks: LeadershipHooks,
    private readonly retryMs = LEASE_RETRY_MS,
  ) {}

  isLeading(name: string): boolean {
    return this.held.has(name);
  }

  /** Tries for every lease once now, then keeps trying in the background. */
  async start(): Promise<void> {
    this.halted = false;
    await this.runRound();
  }

  /** Stops trying and waits for a round in progress; the leases held are kept until `releaseAll`. */
  async halt(): Promise<void> {
    this.halted = true;
    clearTimeout(this.timer);
    await this.round;
  }

  async releaseAll(): Promise<void> {
    const held = [...this.held.values()];
    this.held.clear();
    await Promise.all(held.map((lease) => lease.release()));
  }

  private runRound(): Promise<void> {
    this.round = this.tryAll()
      .catch((error) => this.logger.warn({ err: error }, 'A round of lease attempts failed; trying again'))
      .finally(() => {
        if (!this.halted) this.timer = setTimeout(() => void this.runRound(), this.retryMs);
      });
    return this.round;
  }

  private async tryAll(): Promise<void> {
    for (const name of this.names) {
      if (this.halted) return;
      if (this.held.has(name)) continue;
      // One projection failing to start must not keep the others from being run.
      await this.tryToLead(name).catch((error) => this.logger.error({ err: error }, `Could not take over ${name}`));
    }
    await this.hooks.afterRound();
  }

  private async tryToLead(name: string): Promise<void> {
    const lease = await this.leases.tryAcquire(name);
    if (!lease) return;
    this.held.set(name, lease);
    lease.onLost((error) => void this.lost(name, lease, error));
    try {
      await this.hooks.lead(name);
      this.logger.log(`This instance now runs ${name}`);
    } catch (error) {
      // Hand it to another instance rather than hold a lease on something that does not run.
      this.held.delete(name);
      await lease.release();
      throw error;
    }
  }

  private async lost(name: string, lease: Lease, error: Error): Promise<void> {
    if (this.held.get(name) !== lease) return;
    this.held.delete(name);
    this.logger.warn(`Lost the lease on ${name} (${error.message}): stopped running it; another instance takes over`);
    await this.hooks.stepDown(name).catch((stopError) => this.logger.error({ err: stopError }, `Stopping ${name} failed`));
  }
}
