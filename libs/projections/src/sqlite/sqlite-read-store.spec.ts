import Database from 'better-sqlite3';
import { Projection, Row } from '../read-model';
import { SqliteReadStore } from './sqlite-read-store';

/** A table with an index on each of two columns, as the account directory has. */
const directory: Projection = {
  name: 'directory',
  version: 1,
  tables: [{ name: 'accounts', columns: { id: 'text', tier: 'text', region: 'text' }, primaryKey: ['id'], indexes: [['tier'], ['region']] }],
  rowsNeeded: () => [],
  apply: () => undefined,
};

describe('SqliteReadStore, rows given with their stored version', () => {
  let db: Database.Database;
  let store: SqliteReadStore;
  const commit = (row: Row, stored: Row | undefined, checkpoint: bigint) =>
    store.commit(directory, 1, { puts: new Map([['accounts', [row]]]), deletes: new Map(), stored: new Map(stored ? [[row, stored]] : []) }, checkpoint);
  const rows = () => db.prepare('SELECT * FROM rm_directory_accounts_g1 ORDER BY id').all();
  /** Makes any write of the column fail, so a test sees whether the store wrote it. */
  const refuseWritesOf = (column: string) =>
    db.exec(`CREATE TRIGGER refuse_${column} BEFORE UPDATE OF ${column} ON rm_directory_accounts_g1 BEGIN SELECT RAISE(ABORT, '${column} written'); END`);

  beforeEach(async () => {
    db = new Database(':memory:');
    store = new SqliteReadStore(db);
    await store.createGeneration(directory, 1, 'active');
    await store.ensureIndexes(directory, 1);
    await commit({ id: 'acme', tier: 'standard', region: 'EMEA' }, undefined, 1n);
  });
  afterEach(() => db.close());

  it('writes only the columns that differ from the stored version, so the other indexes are left alone', async () => {
    refuseWritesOf('region');
    await commit({ id: 'acme', tier: 'key', region: 'EMEA' }, { id: 'acme', tier: 'standard', region: 'EMEA' }, 2n);
    expect(rows()).toEqual([{ id: 'acme', tier: 'key', region: 'EMEA' }]);
  });

  it('writes nothing of a row equal to its stored version, and still moves the checkpoint', async () => {
    refuseWritesOf('tier');
    refuseWritesOf('region');
    await commit({ id: 'acme', tier: 'standard', region: 'EMEA' }, { id: 'acme', tier: 'standard', region: 'EMEA' }, 2n);
    expect([rows(), (await store.generations('directory'))[0].checkpoint]).toEqual([[{ id: 'acme', tier: 'standard', region: 'EMEA' }], 2n]);
  });

  it('writes every column without a stored version', async () => {
    refuseWritesOf('region');
    // The message, not toThrow: better-sqlite3 makes its errors with the class of the first test
    // file that loaded it in this worker, whose Error is another realm's for jest.
    const outcome = await commit({ id: 'acme', tier: 'key', region: 'EMEA' }, undefined, 2n).then(() => 'written', (error: Error) => error.message);
    expect(outcome).toBe('region written');
  });
});

describe('SqliteReadStore.ensureIndexes', () => {
  it('builds one index a turn of the event loop, so what waits runs between two', async () => {
    const db = new Database(':memory:');
    const store = new SqliteReadStore(db);
    await store.createGeneration(directory, 1, 'active');
    const indexes = () => db.prepare(`SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'rm_directory_accounts_g1'`).pluck().get();
    let seenMeanwhile: unknown;
    // Queued before the build starts, as a request that arrived meanwhile would be.
    setImmediate(() => (seenMeanwhile = indexes()));
    await store.ensureIndexes(directory, 1);
    expect([seenMeanwhile, indexes()]).toEqual([1, 2]);
    db.close();
  });
});

describe('SqliteReadStore, a table too wide for 32 rows to a statement', () => {
  // 1,100 columns: 32 rows would bind 35,200 parameters, past SQLite's 32,766.
  const columns = Object.fromEntries(Array.from({ length: 1100 }, (_, index) => [`c${index}`, 'integer' as const]));
  const wide: Projection = { name: 'wide', version: 1, tables: [{ name: 'cells', columns, primaryKey: ['c0'] }], rowsNeeded: () => [], apply: () => undefined };

  it('writes every row of a batch, fewer to a statement', async () => {
    const db = new Database(':memory:');
    const store = new SqliteReadStore(db);
    await store.createGeneration(wide, 1, 'active');
    const rows = Array.from({ length: 70 }, (_, row) => Object.fromEntries(Object.keys(columns).map((column, index) => [column, row * 10_000 + index])));
    await store.commit(wide, 1, { puts: new Map([['cells', rows]]), deletes: new Map() }, 1n);
    expect(db.prepare('SELECT count(*) AS n, sum(c1099) AS last FROM rm_wide_cells_g1').get()).toEqual({ n: 70, last: 70 * 1099 + 10_000 * ((69 * 70) / 2) });
    db.close();
  });
});
