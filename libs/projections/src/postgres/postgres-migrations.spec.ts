import { Pool } from 'pg';
import { PostgresReadStore } from './postgres-read-store';
import { migrate, MIGRATIONS } from './postgres-migrations';
import { sql, TestSchema, testSchema } from './testing';

describe('PostgreSQL migrations', () => {
  let target: TestSchema;
  let stores: PostgresReadStore[];

  beforeEach(() => {
    target = testSchema();
    stores = [];
  });
  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await target.drop();
  });

  const open = async () => {
    const store = await PostgresReadStore.open({ url: target.url });
    stores.push(store);
    return store;
  };
  const applied = async () => sql<{ version: number; name: string }>(`SELECT version, name FROM "${target.schema}".schema_migrations ORDER BY version`);

  it('are numbered 1, 2, 3... with no gap', () => {
    expect(MIGRATIONS.map((migration) => migration.version)).toEqual(MIGRATIONS.map((_, index) => index + 1));
  });

  it('runs every migration on a new schema and records each', async () => {
    await open();
    expect(await applied()).toEqual(MIGRATIONS.map(({ version, name }) => ({ version, name })));
  });

  it('runs each migration once when instances start together', async () => {
    await Promise.all([open(), open(), open()]);
    expect((await applied()).map((row) => row.version)).toEqual([1, 2, 3, 4]);
  });

  it('applies nothing on a later start', async () => {
    await open();
    const before = await sql(`SELECT applied_at FROM "${target.schema}".schema_migrations ORDER BY version`);
    await open();
    expect(await sql(`SELECT applied_at FROM "${target.schema}".schema_migrations ORDER BY version`)).toEqual(before);
  });

  it('creates the read-only role BI tools are granted, with no login of its own', async () => {
    await open();
    expect(await sql('SELECT rolcanlogin, has_schema_privilege(rolname, $2, $3) AS usage FROM pg_roles WHERE rolname = $1', [`${target.schema}_reader`, target.schema, 'USAGE']))
      .toEqual([{ rolcanlogin: false, usage: true }]);
  });

  it('gives the reader role no write on any table', async () => {
    await open();
    const writable = await sql(
      `SELECT tablename FROM pg_tables WHERE schemaname = $1 AND has_table_privilege($2, format('%I.%I', schemaname, tablename), 'INSERT,UPDATE,DELETE')`,
      [target.schema, `${target.schema}_reader`],
    );
    expect(writable).toEqual([]);
  });

  it('leaves a failed migration unrecorded and its changes undone', async () => {
    const pool = new Pool({ connectionString: target.url.replace(/\?.*$/, '') });
    const broken = [...MIGRATIONS, { version: 5, name: 'broken', sql: () => 'CREATE TABLE half_done (x int); SELECT no_such_function()' }];
    await expect(migrate(pool, { schema: target.schema, readerRole: `${target.schema}_reader` }, broken)).rejects.toThrow('Migration 5 (broken) failed');
    const tables = await sql('SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename = $2', [target.schema, 'half_done']);
    await pool.end();
    expect([tables, (await applied()).length]).toEqual([[], 4]);
  });
});
