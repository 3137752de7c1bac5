import { Logger } from '@nestjs/common';
import type { Database, Statement } from 'better-sqlite3';
import type { SqliteWriter } from '@ledger/event-store';
import { IdempotencyStore, StoredResponse } from './idempotency.store';

/** How long a key is remembered; retries come within minutes, a day is generous. */
const RETENTION_MS = 24 * 60 * 60 * 1000;

export interface SqliteIdempotencyStoreOptions {
  readonly now?: () => Date;
  /**
   * Records are written through it, in the commit of the log's appends of the same turn, rather
   * than in a commit of their own (the second largest cost of a command), and behind the answer:
   * `remember` returns at once and `find` sees the record until it is written. Without it, each
   * record commits alone, before `remember` returns.
   */
  readonly writer?: SqliteWriter;
}

/**
 * With a writer, records are written behind the answer. A command's answer is only known once
 * its events are committed, so its record went into the next group: awaiting that commit cost
 * every keyed command one more turn of the event loop (the p50 of commands during rebuilds was
 * 18 to 21 ms with it, 12 to 14 ms without; one at a time, 1.17 to 1.30 ms against 1.02 to
 * 1.04 ms). Until the commit, the record is kept in memory for `find`: this store serves one
 * process (several instances keep their records in PostgreSQL, which answers only once written).
 * A crash in that window loses the record, not the command, and a retry then finds the command's
 * events by the key (see handleCommand), as when a record could not be written.
 */
export class SqliteIdempotencyStore implements IdempotencyStore {
  private readonly logger = new Logger('Idempotency');
  /** Records asked for and not yet committed, by scope and key. */
  private readonly unwritten = new Map<string, { readonly response: StoredResponse; readonly createdAt: string }>();
  // Prepared once: preparing on every request showed in the benchmark's profile.
  private readonly findStatement: Statement;
  private readonly rememberStatement: Statement;

  private readonly now: () => Date;
  private readonly writer: SqliteWriter | undefined;

  constructor(db: Database, options: SqliteIdempotencyStoreOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.writer = options.writer;
    // WITHOUT ROWID: a record lives in its key's B-tree, so a lookup descends one B-tree instead of
    // the key's index and then the table, and a write changes one B-tree (sqlite-costs.ts: the
    // lookup 14.8 to 11.7-12.6 us, the insert 16.2 to 13.3-14.6 us, 2.51 WAL frames a record to
    // 2.23, the whole rows now splitting the randomly keyed pages). A file created before keeps its
    // rowid table, which works the same.
    db.exec(`CREATE TABLE IF NOT EXISTS idempotency_records (
      scope TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL, status INTEGER NOT NULL,
      body TEXT NOT NULL, headers TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (scope, key)) WITHOUT ROWID`);
    db.prepare('DELETE FROM idempotency_records WHERE created_at < ?').run(this.cutoff());
    this.findStatement = db.prepare('SELECT request_hash, status, body, headers FROM idempotency_records WHERE scope = ? AND key = ? AND created_at >= ?');
    this.rememberStatement = db.prepare(`INSERT INTO idempotency_records (scope, key, request_hash, status, body, headers, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (scope, key) DO NOTHING`);
  }

  async find(scope: string, key: string): Promise<StoredResponse | undefined> {
    const unwritten = this.unwritten.get(slotOf(scope, key));
    if (unwritten && unwritten.createdAt >= this.cutoff()) return unwritten.response;
    const row = this.findStatement.get(scope, key, this.cutoff()) as { request_hash: string; status: number; body: string; headers: string } | undefined;
    if (!row) return undefined;
    return { requestHash: row.request_hash, status: row.status, body: JSON.parse(row.body), headers: JSON.parse(row.headers) };
  }

  async remember(scope: string, key: string, response: StoredResponse): Promise<void> {
    const createdAt = this.now().toISOString();
    const insert = () => {
      this.rememberStatement.run(scope, key, response.requestHash, response.status, JSON.stringify(response.body ?? null),
        JSON.stringify(response.headers), createdAt);
    };
    if (!this.writer) return insert();
    const slot = slotOf(scope, key);
    // Two identical requests that raced both get here: the first is kept, as the table keeps it.
    const unwritten = this.unwritten.get(slot) ?? { response, createdAt };
    this.unwritten.set(slot, unwritten);
    this.writer
      .run(insert)
      .catch((error: unknown) => {
        // The command is written; a retry will find its events in the log (see handleCommand).
        this.logger.warn({ err: error }, 'Could not remember an idempotent response');
      })
      .finally(() => {
        if (this.unwritten.get(slot) === unwritten) this.unwritten.delete(slot);
      });
  }

  private cutoff(): string {
    return new Date(this.now().getTime() - RETENTION_MS).toISOString();
  }
}

const slotOf = (scope: string, key: string) => `${scope}\u0000${key}`;
