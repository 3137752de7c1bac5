import Database from 'better-sqlite3';
import { PostgresReadStore } from './postgres/postgres-read-store';
import { sql, testSchema } from './postgres/testing';
import { describeReadStoreContract } from './read-store.contract';
import { SqliteReadStore } from './sqlite/sqlite-read-store';

describeReadStoreContract('SqliteReadStore', async () => {
  const db = new Database(':memory:');
  return {
    store: new SqliteReadStore(db),
    tables: async () =>
      db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rm\\_%' ESCAPE '\\' ORDER BY name`).pluck().all() as string[],
    indexesOf: async (table) => db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?`).pluck().all(table) as string[],
    refuseCheckpoints: async () => {
      db.exec(`CREATE TRIGGER refuse_checkpoint BEFORE UPDATE ON read_model_generations BEGIN SELECT RAISE(ABORT, 'checkpoint refused'); END`);
    },
    refuseInserts: async (table) => {
      db.exec(`CREATE TRIGGER refuse_row BEFORE INSERT ON "${table}" BEGIN SELECT RAISE(ABORT, 'row refused'); END`);
    },
    close: async () => {
      db.close();
    },
  };
});

describeReadStoreContract('PostgresReadStore', async () => {
  const { schema, url, drop } = testSchema();
  const store = await PostgresReadStore.open({ url });
  const refuse = async (message: string, trigger: string, on: string) => {
    await sql(`CREATE FUNCTION "${schema}".${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${message}'; END $$`);
    await sql(`CREATE TRIGGER ${trigger} BEFORE ${on} FOR EACH ROW EXECUTE FUNCTION "${schema}".${trigger}()`);
  };
  return {
    store,
    tables: async () =>
      (await sql<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 AND tablename LIKE 'rm\\_%' ORDER BY 1`, [schema])).map((row) => row.name),
    indexesOf: async (table) => (await sql<{ name: string }>('SELECT indexname AS name FROM pg_indexes WHERE schemaname = $1 AND tablename = $2', [schema, table])).map((row) => row.name),
    refuseCheckpoints: () => refuse('checkpoint refused', 'refuse_checkpoint', `UPDATE ON "${schema}".read_model_generations`),
    refuseInserts: (table) => refuse('row refused', 'refuse_row', `INSERT ON "${schema}"."${table}"`),
    close: async () => {
      await store.close();
      await drop();
    },
  };
});
