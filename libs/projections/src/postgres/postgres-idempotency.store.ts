import type { Pool } from 'pg';
// Type-only: the interface is http-kit's; this lib keeps the PostgreSQL schema it writes to.
import type { IdempotencyStore, StoredResponse } from '@ledger/http-kit';

/** How long a key is remembered, as in the SQLite store: retries come within minutes. */
const RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * Idempotency records in PostgreSQL (table from migration 2), shared by every instance: a retry
 * that lands on another instance still gets the first response.
 */
export class PostgresIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly pool: Pool,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Forgets records past retention; the service calls it at start, as the SQLite store does. */
  async purgeExpired(): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM idempotency_records WHERE created_at < $1', [this.cutoff()]);
    return rowCount ?? 0;
  }

  async find(scope: string, key: string): Promise<StoredResponse | undefined> {
    const { rows } = await this.pool.query<{ request_hash: string; status: number; body: unknown; headers: Record<string, string> }>(
      'SELECT request_hash, status, body, headers FROM idempotency_records WHERE scope = $1 AND key = $2 AND created_at >= $3',
      [scope, key, this.cutoff()],
    );
    if (rows.length === 0) return undefined;
    const [row] = rows;
    return { requestHash: row.request_hash, status: row.status, body: row.body, headers: row.headers };
  }

  async remember(scope: string, key: string, response: StoredResponse): Promise<void> {
    await this.pool.query(
      `INSERT INTO idempotency_records (scope, key, request_hash, status, body, headers, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (scope, key) DO NOTHING`,
      [scope, key, response.requestHash, response.status, JSON.stringify(response.body ?? null), JSON.stringify(response.headers), this.now()],
    );
  }

  private cutoff(): Date {
    return new Date(this.now().getTime() - RETENTION_MS);
  }
}
