import { ClientBase, Pool } from 'pg';
import { Cell, Projection, Row, RowRef, rowKey, TableSpec } from '../read-model';
import { GenerationInfo, ReadStore } from '../read-store.port';
import { Lease, ProjectionLeases } from '../projection-leases.port';
import { RowChanges } from '../working-set';
import { connectionSettings } from './postgres-connection';
import { PostgresLeases } from './postgres-leases';
import { lockSchemaChanges, migrate } from './postgres-migrations';
import { createIndexSql, createTableSql, deleteStatements, numberPlaceholders, quote, selectStatements, upsertStatements } from './postgres-sql';
import { ReadModelView, refreshViews } from './postgres-views';

export interface PostgresReadStoreOptions {
  /** `postgres://user@host:5432/db`, optionally with `?schema=<name>` (default `ledger`). */
  readonly url: string;
  /** Overrides the URL's `schema` parameter (tests use a schema each). */
  readonly schema?: string;
  /** Role BI tools are granted; default `<schema>_reader`. */
  readonly readerRole?: string;
  /** Views for BI tools, kept on the active generations. */
  readonly views?: readonly ReadModelView[];
  readonly applicationName?: string;
  readonly poolSize?: number;
}

/**
 * Read models in PostgreSQL, for several instances sharing them. The same semantics as the
 * SQLite store: a batch's rows and checkpoint commit in one transaction, a generation's tables
 * are named by `tableName`, and `activate` switches queries atomically (DDL is transactional).
 * It also hands out the projections' leases, and a projection's writes go through its lease's
 * connection once this instance competes for it (see PostgresLeases).
 */
export class PostgresReadStore implements ReadStore, ProjectionLeases {
  private constructor(
    readonly pool: Pool,
    readonly schema: string,
    private readonly readerRole: string,
    private readonly views: readonly ReadModelView[],
    private readonly leases: PostgresLeases,
  ) {}

  /** Connects, applies pending migrations and refreshes the BI views. */
  static async open(options: PostgresReadStoreOptions): Promise<PostgresReadStore> {
    const { schema, clientConfig } = connectionSettings(options.url, options);
    const readerRole = options.readerRole ?? `${schema}_reader`;
    const pool = new Pool({ ...clientConfig, max: options.poolSize ?? 10 });
    // An idle connection the server drops must not crash the process: the pool replaces it.
    pool.on('error', () => undefined);
    try {
      await migrate(pool, { schema, readerRole });
      const store = new PostgresReadStore(pool, schema, readerRole, options.views ?? [], new PostgresLeases(pool, clientConfig, `ledger-lease:${schema}`));
      await store.transaction(undefined, (client) => store.refreshViews(client));
      return store;
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  tryAcquire(name: string): Promise<Lease | null> {
    return this.leases.tryAcquire(name);
  }

  async generations(projection: string): Promise<GenerationInfo[]> {
    const { rows } = await this.pool.query<{ generation: number; state: GenerationInfo['state']; version: number; checkpoint: string | null }>(
      `SELECT generation, state, version, checkpoint FROM read_model_generations WHERE projection = $1
       ORDER BY state = 'active' DESC, generation DESC`,
      [projection],
    );
    return rows.map((row) => ({ projection, ...row, checkpoint: row.checkpoint === null ? null : BigInt(row.checkpoint) }));
  }

  async createGeneration(projection: Projection, generation: number, state: GenerationInfo['state']): Promise<void> {
    await this.transaction(projection.name, async (client) => {
      for (const table of projection.tables) {
        await client.query(createTableSql(this.tableName(projection.name, table.name, generation), table));
      }
      await client.query(
        `INSERT INTO read_model_generations (projection, generation, state, version, checkpoint) VALUES ($1, $2, $3, $4, NULL)`,
        [projection.name, generation, state, projection.version],
      );
      if (state === 'active') await this.refreshViews(client, projection.name);
    });
  }

  async ensureIndexes(projection: Projection, generation: number): Promise<void> {
    await this.transaction(projection.name, async (client) => {
      for (const table of projection.tables) {
        for (const sql of createIndexSql(this.tableName(projection.name, table.name, generation), table)) await client.query(sql);
      }
    });
  }

  async loadRows(projection: Projection, generation: number, refs: readonly RowRef[]): Promise<Map<string, Row>> {
    const found = new Map<string, Row>();
    for (const [table, keys] of groupByTable(refs)) {
      const spec = tableSpec(projection, table);
      for (const { text, values } of selectStatements(this.tableName(projection.name, table, generation), spec, keys)) {
        const { rows } = await this.pool.query<Row>(text, values);
        for (const row of rows) found.set(looseKey(table, spec.primaryKey.map((column) => row[column])), row);
      }
    }
    const loaded = new Map<string, Row>();
    for (const ref of refs) {
      const row = found.get(looseKey(ref.table, ref.key));
      if (row) loaded.set(rowKey(ref.table, ref.key), row);
    }
    return loaded;
  }

  async commit(projection: Projection, generation: number, changes: RowChanges, checkpoint: bigint): Promise<void> {
    await this.transaction(projection.name, async (client) => {
      for (const [table, rows] of changes.puts) {
        const spec = tableSpec(projection, table);
        for (const { text, values } of upsertStatements(this.tableName(projection.name, table, generation), spec, rows)) await client.query(text, values);
      }
      for (const [table, keys] of changes.deletes) {
        const spec = tableSpec(projection, table);
        for (const { text, values } of deleteStatements(this.tableName(projection.name, table, generation), spec, keys)) await client.query(text, values);
      }
      const updated = await client.query(
        `UPDATE read_model_generations SET checkpoint = $1, updated_at = now() WHERE projection = $2 AND generation = $3`,
        [checkpoint.toString(), projection.name, generation],
      );
      // A generation dropped under a runner (a rebuild switched in elsewhere) takes no more writes.
      if (updated.rowCount !== 1) throw new Error(`${projection.name} has no generation ${generation} to commit to`);
    });
  }

  async activate(projection: Projection, generation: number): Promise<void> {
    await this.transaction(projection.name, async (client) => {
      const { rows } = await client.query<{ generation: number }>(
        'SELECT generation FROM read_model_generations WHERE projection = $1 FOR UPDATE',
        [projection.name],
      );
      // Activating a generation that is not there would drop every other one and leave none.
      if (!rows.some((row) => row.generation === generation)) throw new Error(`${projection.name} has no generation ${generation} to activate`);
      for (const other of rows.filter((row) => row.generation !== generation)) await this.drop(client, projection, other.generation);
      await client.query(`UPDATE read_model_generations SET state = 'active', updated_at = now() WHERE projection = $1 AND generation = $2`, [
        projection.name,
        generation,
      ]);
      await this.refreshViews(client, projection.name);
    });
  }

  async dropGeneration(projection: Projection, generation: number): Promise<void> {
    await this.transaction(projection.name, async (client) => {
      await this.drop(client, projection, generation);
      await this.refreshViews(client, projection.name);
    });
  }

  tableName(projection: string, table: string, generation: number): string {
    return `rm_${projection.replace(/-/g, '_')}_${table}_g${generation}`;
  }

  async query<T extends Row = Row>(sql: string, params: readonly Cell[] = []): Promise<T[]> {
    const { rows } = await this.pool.query<T>(numberPlaceholders(sql), params as Cell[]);
    return rows;
  }

  /** Ends the leases (their locks go with them) and the pool. */
  async close(): Promise<void> {
    await this.leases.close();
    await this.pool.end();
  }

  /**
   * Runs `work` in a transaction: on the projection's lease connection when this instance
   * competes for its lease (refused unless held), else on a pooled connection.
   */
  private async transaction<T>(projection: string | undefined, work: (client: ClientBase) => Promise<T>): Promise<T> {
    const session = projection === undefined ? undefined : this.leases.sessionFor(projection);
    if (session) return session.run((client) => inTransaction(client, work));
    const client = await this.pool.connect();
    try {
      return await inTransaction(client, work);
    } finally {
      client.release();
    }
  }

  private async drop(client: ClientBase, projection: Projection, generation: number): Promise<void> {
    // CASCADE: BI views on these tables go too; refreshViews recreates them on the active generation.
    for (const table of projection.tables) {
      await client.query(`DROP TABLE IF EXISTS ${quote(this.tableName(projection.name, table.name, generation))} CASCADE`);
    }
    await client.query('DELETE FROM read_model_generations WHERE projection = $1 AND generation = $2', [projection.name, generation]);
  }

  private async refreshViews(client: ClientBase, projection?: string): Promise<void> {
    if (!this.views.some((view) => projection === undefined || view.projections.includes(projection))) return;
    await lockSchemaChanges(client, this.schema);
    await refreshViews(client, this.views, (name, table, generation) => this.tableName(name, table, generation), { schema: this.schema, readerRole: this.readerRole }, projection);
  }
}

async function inTransaction<T>(client: ClientBase, work: (client: ClientBase) => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // On a dead connection the rollback fails too; the first error is the one worth reporting.
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

function tableSpec(projection: Projection, table: string): TableSpec {
  const spec = projection.tables.find((candidate) => candidate.name === table);
  if (!spec) throw new Error(`${projection.name} has no table ${table}`);
  return spec;
}

function groupByTable(refs: readonly RowRef[]): Map<string, (readonly Cell[])[]> {
  const groups = new Map<string, (readonly Cell[])[]>();
  for (const ref of refs) {
    const keys = groups.get(ref.table);
    if (keys) keys.push(ref.key);
    else groups.set(ref.table, [ref.key]);
  }
  return groups;
}

/** Matches a loaded row to its ref whether a key cell came as 4 or '4' (pg binds both as text). */
const looseKey = (table: string, key: readonly (Cell | undefined)[]) => `${table}\u0000${JSON.stringify(key.map((cell) => String(cell)))}`;
