import type { Database, Statement } from 'better-sqlite3';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Cell, Projection, Row, RowRef, rowKey, TableSpec } from '../read-model';
import { GenerationInfo, ReadStore } from '../read-store.port';
import { RowChanges } from '../working-set';

/**
 * Read models in SQLite. better-sqlite3 is synchronous: each method does all its work in one
 * call, so nothing else on the connection (the log's appends) can slip into a transaction.
 */
export class SqliteReadStore implements ReadStore {
  private readonly statements = new Map<string, Statement>();
  /** The SQL of an UPDATE of some columns of a table, by table and columns (built once). */
  private readonly updateSql = new Map<string, string>();
  /** The SQL of an upsert of some number of rows, by table and number (built once). */
  private readonly upsertSql = new Map<string, string>();
  /**
   * Runs its argument in one transaction. Made once: better-sqlite3 builds a wrapper for every
   * `db.transaction(fn)`, and commits (one per batch per read model) showed it in a profile.
   */
  private readonly inTransaction: (work: () => void) => void;

  constructor(private readonly db: Database) {
    this.inTransaction = db.transaction((work: () => void) => work());
    db.exec(`CREATE TABLE IF NOT EXISTS read_model_generations (
      projection TEXT NOT NULL, generation INTEGER NOT NULL, state TEXT NOT NULL, version INTEGER NOT NULL,
      checkpoint TEXT, updated_at TEXT NOT NULL, PRIMARY KEY (projection, generation))`);
  }

  async generations(projection: string): Promise<GenerationInfo[]> {
    const rows = this.statement(
      `SELECT generation, state, version, checkpoint FROM read_model_generations WHERE projection = ?
       ORDER BY state = 'active' DESC, generation DESC`,
    ).all(projection) as Array<{ generation: number; state: GenerationInfo['state']; version: number; checkpoint: string | null }>;
    return rows.map((row) => ({ projection, ...row, checkpoint: row.checkpoint === null ? null : BigInt(row.checkpoint) }));
  }

  async createGeneration(projection: Projection, generation: number, state: GenerationInfo['state']): Promise<void> {
    this.inTransaction(() => {
      for (const table of projection.tables) this.db.exec(createTableSql(this.tableName(projection.name, table.name, generation), table));
      this.db
        .prepare(`INSERT INTO read_model_generations (projection, generation, state, version, checkpoint, updated_at)
          VALUES (?, ?, ?, ?, NULL, ?)`)
        .run(projection.name, generation, state, projection.version, new Date().toISOString());
    });
  }

  /**
   * One index a turn of the event loop: built in one call, a read model's indexes held it for up to
   * 84 ms on a log of 180,000 events (npm run bench -- --only 7), and every command waited. Each
   * is complete or absent, and `IF NOT EXISTS` builds the rest when a crash came between two.
   */
  async ensureIndexes(projection: Projection, generation: number): Promise<void> {
    for (const table of projection.tables) {
      for (const sql of createIndexSql(this.tableName(projection.name, table.name, generation), table)) {
        this.db.exec(sql);
        await nextTurn();
      }
    }
  }

  async loadRows(projection: Projection, generation: number, refs: readonly RowRef[]): Promise<Map<string, Row>> {
    const rows = new Map<string, Row>();
    const selects = new Map<string, Statement>();
    for (const ref of refs) {
      let select = selects.get(ref.table);
      if (!select) {
        const where = tableSpec(projection, ref.table).primaryKey.map((column) => `"${column}" = ?`).join(' AND ');
        select = this.statement(`SELECT * FROM "${this.tableName(projection.name, ref.table, generation)}" WHERE ${where}`);
        selects.set(ref.table, select);
      }
      const row = select.get(...ref.key) as Row | undefined;
      if (row) rows.set(rowKey(ref.table, ref.key), row);
    }
    return rows;
  }

  async commit(projection: Projection, generation: number, changes: RowChanges, checkpoint: bigint): Promise<void> {
    this.inTransaction(() => {
      for (const [table, rows] of changes.puts) {
        const spec = tableSpec(projection, table);
        const columns = Object.keys(spec.columns);
        const perStatement = rowsPerUpsert(columns.length);
        const statementValues = columns.length * perStatement;
        // Prepared (or found) once a statement's worth of rows is there: a live batch has a few rows a table.
        let upsertMany: Statement | undefined;
        // One array of values for a statement's rows, reused (run() binds them before it returns),
        // no longer than the rows need.
        const values: Cell[] = new Array(Math.min(statementValues, columns.length * rows.length));
        let filled = 0;
        for (const row of rows) {
          const stored = changes.stored?.get(row);
          if (stored && this.updateChangedColumns(projection.name, generation, spec, row, stored)) continue;
          for (let index = 0; index < columns.length; index++) values[filled++] = row[columns[index]] ?? null;
          if (filled === statementValues) {
            (upsertMany ??= this.upsert(projection.name, generation, spec, perStatement)).run(values);
            filled = 0;
          }
        }
        if (filled > 0) {
          // The rows left over, one statement each: a statement per count would be prepared for every batch size.
          const upsertOne = this.upsert(projection.name, generation, spec, 1);
          for (let start = 0; start < filled; start += columns.length) upsertOne.run(values.slice(start, start + columns.length));
        }
      }
      for (const [table, keys] of changes.deletes) {
        const spec = tableSpec(projection, table);
        const where = spec.primaryKey.map((column) => `"${column}" = ?`).join(' AND ');
        const remove = this.statement(`DELETE FROM "${this.tableName(projection.name, table, generation)}" WHERE ${where}`);
        for (const key of keys) remove.run(...key);
      }
      this.statement(`UPDATE read_model_generations SET checkpoint = ?, updated_at = ? WHERE projection = ? AND generation = ?`)
        .run(checkpoint.toString(), new Date().toISOString(), projection.name, generation);
    });
  }

  async activate(projection: Projection, generation: number): Promise<void> {
    const generations = await this.generations(projection.name);
    // Activating a generation that is not there would drop every other one and leave none.
    if (!generations.some((info) => info.generation === generation)) {
      throw new Error(`${projection.name} has no generation ${generation} to activate`);
    }
    const others = generations.filter((info) => info.generation !== generation);
    this.inTransaction(() => {
      this.db.prepare(`UPDATE read_model_generations SET state = 'active' WHERE projection = ? AND generation = ?`)
        .run(projection.name, generation);
      for (const other of others) this.drop(projection, other.generation);
    });
  }

  async dropGeneration(projection: Projection, generation: number): Promise<void> {
    this.inTransaction(() => this.drop(projection, generation));
  }

  tableName(projection: string, table: string, generation: number): string {
    return `rm_${projection.replace(/-/g, '_')}_${table}_g${generation}`;
  }

  async query<T extends Row = Row>(sql: string, params: readonly Cell[] = []): Promise<T[]> {
    return this.statement(sql).all(...params) as T[];
  }

  private drop(projection: Projection, generation: number): void {
    for (const table of projection.tables) this.db.exec(`DROP TABLE IF EXISTS "${this.tableName(projection.name, table.name, generation)}"`);
    this.db.prepare('DELETE FROM read_model_generations WHERE projection = ? AND generation = ?').run(projection.name, generation);
    // Statements prepared on dropped tables would fail: forget them.
    for (const sql of this.statements.keys()) if (sql.includes(`_g${generation}"`)) this.statements.delete(sql);
    for (const sqlBySignature of [this.updateSql, this.upsertSql]) {
      for (const signature of sqlBySignature.keys()) if (signature.includes(`_g${generation}\u0000`)) sqlBySignature.delete(signature);
    }
  }

  /**
   * Writes to a stored row only the columns that differ from its stored version, or nothing; false
   * when the row was not there after all (the upsert then writes it whole). An upsert sets every
   * column, and SQLite rewrites the entry of every index holding one of them, changed or not: a
   * reassignment or a key designation rewrote all four of the account directory's indexes. This
   * cut the WAL of the command mix from 13.8 to 12.7-13.0 frames a command (sqlite-costs.ts). A
   * rebuild barely takes this path: nearly all its rows are new (58 of 1,360,000 on the benchmark's
   * log of 1,000,019 events were rows read back).
   */
  private updateChangedColumns(projection: string, generation: number, spec: TableSpec, row: Row, stored: Row): boolean {
    const changed: string[] = [];
    for (const column in spec.columns) {
      if ((row[column] ?? null) !== (stored[column] ?? null) && !spec.primaryKey.includes(column)) changed.push(column);
    }
    if (changed.length === 0) return true;
    const table = this.tableName(projection, spec.name, generation);
    const signature = `${table}\u0000${changed.join('\u0000')}`;
    let sql = this.updateSql.get(signature);
    if (sql === undefined) {
      const where = spec.primaryKey.map((column) => `"${column}" = ?`).join(' AND ');
      sql = `UPDATE "${table}" SET ${changed.map((column) => `"${column}" = ?`).join(', ')} WHERE ${where}`;
      this.updateSql.set(signature, sql);
    }
    const values: Cell[] = changed.map((column) => row[column] ?? null);
    for (const column of spec.primaryKey) values.push(row[column] ?? null);
    return this.statement(sql).run(...values).changes === 1;
  }

  /** The upsert of `rows` rows into a table of a generation (keys within one statement are distinct: a batch puts a row once). */
  private upsert(projection: string, generation: number, spec: TableSpec, rows: number): Statement {
    const table = this.tableName(projection, spec.name, generation);
    const signature = `${table}\u0000${rows}`;
    let sql = this.upsertSql.get(signature);
    if (sql === undefined) {
      sql = upsertSql(table, spec, rows);
      this.upsertSql.set(signature, sql);
    }
    return this.statement(sql);
  }

  /** Prepared statements are cached: a replay runs the same few thousands of times. */
  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

function tableSpec(projection: Projection, table: string): TableSpec {
  const spec = projection.tables.find((candidate) => candidate.name === table);
  if (!spec) throw new Error(`${projection.name} has no table ${table}`);
  return spec;
}

/**
 * Tables are WITHOUT ROWID: their rows are stored in the primary key's B-tree, so an upsert writes
 * one B-tree instead of the table and its key's index (read-model keys are ids, not integers, and
 * rows are small). A rebuild of 1,000,000 events went from 10.5 s to 10.2 s. Generations created
 * before are rowid tables, which work the same.
 */
function createTableSql(name: string, spec: TableSpec): string {
  const columns = Object.entries(spec.columns).map(([column, type]) => `"${column}" ${type === 'integer' ? 'INTEGER' : 'TEXT'}`);
  const primaryKey = spec.primaryKey.map((column) => `"${column}"`).join(', ');
  return `CREATE TABLE IF NOT EXISTS "${name}" (${columns.join(', ')}, PRIMARY KEY (${primaryKey})) WITHOUT ROWID`;
}

function createIndexSql(name: string, spec: TableSpec): string[] {
  return (spec.indexes ?? []).map(
    (columns, index) => `CREATE INDEX IF NOT EXISTS "${name}_i${index}" ON "${name}" (${columns.map((c) => `"${c}"`).join(', ')})`,
  );
}

/**
 * Rows written whole go ROWS_PER_UPSERT to a statement: one run of the statement per row cost
 * 2.3 to 2.4 us a row against 1.5 to 1.8 with 32 a statement (a micro-benchmark of 400,000 rows
 * of eight columns in transactions of 1,024), and a rebuild writes about 1,360,000 rows. SQLite
 * upserts the rows of one statement in turn, as separate statements would.
 */
const ROWS_PER_UPSERT = 32;

/** SQLite's limit on the parameters of one statement (SQLITE_MAX_VARIABLE_NUMBER's default). */
const MAX_PARAMETERS = 32_766;

/** ROWS_PER_UPSERT, or fewer for a table so wide that they would pass MAX_PARAMETERS. */
const rowsPerUpsert = (columns: number): number => Math.max(1, Math.min(ROWS_PER_UPSERT, Math.floor(MAX_PARAMETERS / columns)));

function upsertSql(name: string, spec: TableSpec, rows: number): string {
  const columns = Object.keys(spec.columns);
  const updates = columns.filter((column) => !spec.primaryKey.includes(column)).map((column) => `"${column}" = excluded."${column}"`);
  const row = `(${columns.map(() => '?').join(', ')})`;
  return `INSERT INTO "${name}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${Array.from({ length: rows }, () => row).join(', ')}
    ON CONFLICT (${spec.primaryKey.map((c) => `"${c}"`).join(', ')}) DO ${updates.length ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`;
}
