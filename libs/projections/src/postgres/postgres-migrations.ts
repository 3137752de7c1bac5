import type { ClientBase, Pool, PoolClient } from 'pg';
import { readModelGenerations } from './migrations/0001-read-model-generations';
import { idempotencyRecords } from './migrations/0002-idempotency-records';
import { projectionLeaseKeys } from './migrations/0003-projection-leases';
import { biReaderRole } from './migrations/0004-bi-reader-role';
import type { Migration, SchemaNames } from './migrations/migration';
import { quote } from './postgres-sql';

/** Every migration, in order. Add new ones at the end; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [readModelGenerations, idempotencyRecords, projectionLeaseKeys, biReaderRole];

/** Advisory-lock class of schema changes; the schema's name picks the lock inside it. */
const SCHEMA_LOCK_CLASS = 0x4c656467; // "Ledg"

/**
 * Serialises schema changes (migrations, view refreshes) of one schema across instances until
 * the caller's transaction ends: concurrent DROP/CREATE VIEW of the same view would fail.
 */
export async function lockSchemaChanges(client: ClientBase, schema: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [SCHEMA_LOCK_CLASS, schema]);
}

/**
 * Brings the schema up to the latest migration. Instances starting together queue on an
 * advisory lock, so each migration runs once; the later ones find it recorded and skip it.
 * Returns the versions applied now.
 */
export async function migrate(pool: Pool, names: SchemaNames, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [SCHEMA_LOCK_CLASS, names.schema]);
    try {
      return await applyPending(client, names, migrations);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [SCHEMA_LOCK_CLASS, names.schema]);
    }
  } finally {
    client.release();
  }
}

async function applyPending(client: PoolClient, names: SchemaNames, migrations: readonly Migration[]): Promise<number[]> {
  const schema = quote(names.schema);
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await client.query(`CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
  const done = await client.query<{ version: number }>(`SELECT version FROM ${schema}.schema_migrations`);
  const applied = new Set(done.rows.map((row) => row.version));
  const now: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    await client.query('BEGIN');
    try {
      await client.query(`SET LOCAL search_path TO ${schema}`);
      await client.query(migration.sql(names));
      await client.query(`INSERT INTO ${schema}.schema_migrations (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw new Error(`Migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`, { cause: error });
    }
    now.push(migration.version);
  }
  return now;
}
