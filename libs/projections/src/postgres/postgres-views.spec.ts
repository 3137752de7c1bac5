import { changes, counter } from '../read-store.contract';
import { PostgresReadStore } from './postgres-read-store';
import { ReadModelView } from './postgres-views';
import { sql, TestSchema, testSchema } from './testing';

const totals: ReadModelView = {
  name: 'bi_event_totals',
  projections: [counter.name],
  comment: "Events per type (the counter's active generation)",
  select: (table) => `SELECT type, count FROM ${table(counter.name, 'counts')}`,
};

describe('BI views on PostgreSQL', () => {
  let target: TestSchema;
  let store: PostgresReadStore;

  beforeEach(async () => {
    target = testSchema();
    store = await PostgresReadStore.open({ url: target.url, views: [totals] });
    await store.createGeneration(counter, 1, 'active');
    await store.commit(counter, 1, changes({ counts: [{ type: 'Opened', count: 2 }] }), 2n);
  });
  afterEach(async () => {
    await store.close();
    await target.drop();
  });

  const viewRows = () => sql(`SELECT * FROM "${target.schema}".bi_event_totals ORDER BY type`);

  it('reads the active generation once it is created', async () => {
    expect(await viewRows()).toEqual([{ type: 'Opened', count: '2' }]);
  });

  it('follows a rebuilt generation once it is activated, in the same transaction', async () => {
    await store.createGeneration(counter, 2, 'building');
    await store.commit(counter, 2, changes({ counts: [{ type: 'Closed', count: 5 }] }), 7n);
    await store.activate(counter, 2);
    expect(await viewRows()).toEqual([{ type: 'Closed', count: '5' }]);
  });

  it('is readable by the reader role', async () => {
    const [{ allowed }] = await sql<{ allowed: boolean }>('SELECT has_table_privilege($1, $2, $3) AS allowed', [
      `${target.schema}_reader`,
      `"${target.schema}".bi_event_totals`,
      'SELECT',
    ]);
    expect(allowed).toBe(true);
  });

  it('carries its comment for BI catalogues', async () => {
    const [{ comment }] = await sql<{ comment: string }>(`SELECT obj_description($1::regclass) AS comment`, [`"${target.schema}".bi_event_totals`]);
    expect(comment).toBe("Events per type (the counter's active generation)");
  });

  it('grants a reader role a DBA creates later at the next start', async () => {
    const role = `${target.schema}_reader`;
    await sql(`DROP OWNED BY "${role}"`);
    await sql(`DROP ROLE "${role}"`);
    await sql(`CREATE ROLE "${role}" NOLOGIN`);
    await store.close();
    store = await PostgresReadStore.open({ url: target.url, views: [totals] });
    const [grants] = await sql('SELECT has_schema_privilege($1, $2, $3) AS usage, has_table_privilege($1, $4, $5) AS reads', [
      role, target.schema, 'USAGE', `"${target.schema}".bi_event_totals`, 'SELECT',
    ]);
    expect(grants).toEqual({ usage: true, reads: true });
  });

  it('is there again after a restart', async () => {
    await store.close();
    store = await PostgresReadStore.open({ url: target.url, views: [totals] });
    expect(await viewRows()).toEqual([{ type: 'Opened', count: '2' }]);
  });
});
