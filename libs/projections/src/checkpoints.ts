import type { Database } from 'better-sqlite3';

/**
 * Where each consumer of the log got to. Kept in the same SQLite database as the read models, so
 * a projection writes its rows and its checkpoint in one transaction.
 */
export class SqliteCheckpoints {
  private readonly selectStatement;
  private readonly upsertStatement;

  constructor(db: Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS projection_checkpoints (
      name TEXT PRIMARY KEY, position TEXT NOT NULL, updated_at TEXT NOT NULL)`);
    this.selectStatement = db.prepare('SELECT position FROM projection_checkpoints WHERE name = ?');
    // Positions are uint64 in EventStoreDB: stored as decimal text so no digit is lost.
    this.upsertStatement = db.prepare(`INSERT INTO projection_checkpoints (name, position, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`);
  }

  get(name: string): bigint | null {
    const row = this.selectStatement.get(name) as { position: string } | undefined;
    return row ? BigInt(row.position) : null;
  }

  save(name: string, position: bigint): void {
    this.upsertStatement.run(name, position.toString(), new Date().toISOString());
  }
}
