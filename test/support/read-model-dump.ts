import Database from 'better-sqlite3';
import type { EventStore } from '@ledger/event-store';
import { ReadModelConsumer, ReadStore, Row, SqliteReadStore } from '@ledger/projections';
import { READ_MODELS } from '../../src/read-model-catalog';

export interface TableDump {
  readonly table: string;
  readonly rows: Row[];
}

/** Every row of every read model's active generation, table by table, in primary-key order. */
export async function dumpReadModels(store: ReadStore): Promise<TableDump[]> {
  const dumps: TableDump[] = [];
  for (const projection of READ_MODELS) {
    const [active] = (await store.generations(projection.name)).filter((info) => info.state === 'active');
    for (const table of projection.tables) {
      const order = table.primaryKey.map((column) => `"${column}"`).join(', ');
      const rows = await store.query(`SELECT * FROM "${store.tableName(projection.name, table.name, active.generation)}" ORDER BY ${order}`);
      dumps.push({ table: `${projection.name}.${table.name}`, rows });
    }
  }
  return dumps;
}

/** The read models rebuilt from the whole log into a fresh in-memory SQLite store, in batches like the runner's. */
export async function rebuildInMemory(log: EventStore): Promise<{ store: SqliteReadStore; close(): void }> {
  const db = new Database(':memory:');
  const store = new SqliteReadStore(db);
  for (const projection of READ_MODELS) {
    await store.createGeneration(projection, 1, 'active');
    const consumer = new ReadModelConsumer(projection, store, 1);
    for (let after: bigint | undefined; ; ) {
      const events = await log.readAll({ after, maxCount: 1000 });
      if (events.length === 0) break;
      await consumer.process(events);
      after = events[events.length - 1].position;
    }
  }
  return { store, close: () => db.close() };
}

/** Every row of a clean rebuild of the log, as dumpReadModels gives them. */
export async function cleanRebuild(log: EventStore): Promise<TableDump[]> {
  const rebuilt = await rebuildInMemory(log);
  try {
    return await dumpReadModels(rebuilt.store);
  } finally {
    rebuilt.close();
  }
}
