import { Client, ClientConfig, Pool } from 'pg';
import { Lease, LeaseNotHeldError, ProjectionLeases } from '../projection-leases.port';

type SessionState = 'candidate' | 'held' | 'lost' | 'released';

/**
 * One dedicated connection per projection, holding a session-level advisory lock while this
 * instance runs it. PostgreSQL releases the lock when the connection ends, so the lease dies
 * with its process, at once when the process crashes. Every write of that projection goes
 * through this same connection: a holder whose connection has died cannot write any more, so
 * a stale leader can never overwrite the rows of the one that took over (fencing).
 */
export class LeaseSession {
  state: SessionState = 'candidate';
  private queue: Promise<unknown> = Promise.resolve();
  private readonly lostListeners: Array<(error: Error) => void> = [];

  constructor(
    readonly name: string,
    readonly client: Client,
  ) {
    const lose = (error: Error) => {
      if (this.state === 'released' || this.state === 'lost') return;
      const wasHeld = this.state === 'held';
      this.state = 'lost';
      if (wasHeld) this.lostListeners.forEach((listener) => listener(error));
    };
    client.on('error', lose);
    client.on('end', () => lose(new Error(`The lease connection of ${name} ended`)));
  }

  /** Runs `work` on the lease's connection, one at a time (a rebuild and the live runner share it). */
  run<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const next = this.queue.then(() => {
      if (this.state !== 'held') throw new LeaseNotHeldError(this.name);
      return work(this.client);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  onLost(listener: (error: Error) => void): void {
    this.lostListeners.push(listener);
  }
}

export class PostgresLeases implements ProjectionLeases {
  private readonly sessions = new Map<string, LeaseSession>();
  private readonly keys = new Map<string, number>();

  /** @param lockClass first half of every lock key: one per schema, so deployments sharing a database do not collide. */
  constructor(
    private readonly pool: Pool,
    private readonly clientConfig: ClientConfig,
    private readonly lockClass: string,
  ) {}

  async tryAcquire(name: string): Promise<Lease | null> {
    const key = await this.keyOf(name);
    let session = this.sessions.get(name);
    if (session?.state === 'held') throw new Error(`The lease on ${name} is already held here`);
    if (!session || session.state !== 'candidate') {
      session = new LeaseSession(name, new Client(this.clientConfig));
      this.sessions.set(name, session);
      await session.client.connect();
    }
    const { rows } = await session.client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1), $2) AS locked', [this.lockClass, key]);
    if (!rows[0].locked) return null;
    session.state = 'held';
    const held = session;
    return { onLost: (listener) => held.onLost(listener), release: () => this.release(held) };
  }

  /**
   * The session writes of `name` must go through: none when this instance never competed for
   * the lease (a single process, or tools), then the pool is used.
   */
  sessionFor(name: string): LeaseSession | undefined {
    return this.sessions.get(name);
  }

  async close(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((session) => this.release(session)));
  }

  private async release(session: LeaseSession): Promise<void> {
    if (session.state === 'released') return;
    const wasHeld = session.state === 'held';
    session.state = 'released';
    // Ending the connection releases the lock; unlocking first just makes it explicit in the logs.
    if (wasHeld) await session.client.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await session.client.end().catch(() => undefined);
  }

  private async keyOf(name: string): Promise<number> {
    const known = this.keys.get(name);
    if (known !== undefined) return known;
    await this.pool.query('INSERT INTO projection_lease_keys (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [name]);
    const { rows } = await this.pool.query<{ lock_key: number }>('SELECT lock_key FROM projection_lease_keys WHERE name = $1', [name]);
    this.keys.set(name, rows[0].lock_key);
    return rows[0].lock_key;
  }
}
