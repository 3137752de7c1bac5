import { Cell, Projection, Row, rowKey } from './read-model';
import { ReadStore } from './read-store.port';
import { RowChanges } from './working-set';

/** A read store under test, with the few things the suite must do behind its back. */
export interface ReadStoreHarness {
  readonly store: ReadStore;
  /** Names of the read-model tables (`rm_*`) there are, sorted. */
  tables(): Promise<string[]>;
  indexesOf(table: string): Promise<string[]>;
  /** From now on, updating a checkpoint fails with `checkpoint refused`. */
  refuseCheckpoints(): Promise<void>;
  /** From now on, inserting into this physical table fails with `row refused`. */
  refuseInserts(table: string): Promise<void>;
  close(): Promise<void>;
}

/** Counts events per type and logs each applied position; the store never calls its functions. */
export const counter: Projection = {
  name: 'event-counter',
  version: 3,
  tables: [
    { name: 'counts', columns: { type: 'text', count: 'integer' }, primaryKey: ['type'] },
    { name: 'applied', columns: { position: 'integer', type: 'text' }, primaryKey: ['position'], indexes: [['type']] },
  ],
  rowsNeeded: () => [],
  apply: () => undefined,
};

export const changes = (puts: Record<string, Row[]>, deletes: Record<string, Cell[][]> = {}): RowChanges => ({
  puts: new Map(Object.entries(puts)),
  deletes: new Map(Object.entries(deletes)),
});

/** What every ReadStore does, whatever keeps the rows: run against each implementation. */
export function describeReadStoreContract(name: string, open: () => Promise<ReadStoreHarness>): void {
  describe(`${name} (ReadStore contract)`, () => {
    let harness: ReadStoreHarness;
    let store: ReadStore;

    beforeEach(async () => {
      harness = await open();
      store = harness.store;
    });
    afterEach(() => harness.close());

    const rowsOf = (table: string, generation = 1) => store.query(`SELECT * FROM "${store.tableName(counter.name, table, generation)}" ORDER BY 1`);
    const checkpointOf = async (generation = 1) => (await store.generations(counter.name)).find((info) => info.generation === generation)?.checkpoint;

    it('names a table after its projection (dashes made underscores), table and generation', () => {
      expect(store.tableName('event-counter', 'counts', 7)).toBe('rm_event_counter_counts_g7');
    });

    describe('createGeneration', () => {
      it("creates the projection's tables under the generation's names", async () => {
        await store.createGeneration(counter, 1, 'building');
        expect(await harness.tables()).toEqual(['rm_event_counter_applied_g1', 'rm_event_counter_counts_g1']);
      });

      it("leaves the tables' declared indexes for ensureIndexes", async () => {
        await store.createGeneration(counter, 1, 'building');
        expect(await harness.indexesOf('rm_event_counter_applied_g1')).not.toContain('rm_event_counter_applied_g1_i0');
      });

      it("records the generation with its state, the projection's version and no checkpoint", async () => {
        await store.createGeneration(counter, 1, 'building');
        expect(await store.generations(counter.name)).toEqual([{ projection: 'event-counter', generation: 1, state: 'building', version: 3, checkpoint: null }]);
      });

      it('lists the active generation first, then the others newest first', async () => {
        await store.createGeneration(counter, 1, 'active');
        await store.createGeneration(counter, 2, 'building');
        await store.createGeneration(counter, 3, 'building');
        expect((await store.generations(counter.name)).map((info) => info.generation)).toEqual([1, 3, 2]);
      });
    });

    describe('ensureIndexes', () => {
      beforeEach(() => store.createGeneration(counter, 1, 'building'));

      it("creates the tables' declared indexes", async () => {
        await store.ensureIndexes(counter, 1);
        expect(await harness.indexesOf('rm_event_counter_applied_g1')).toContain('rm_event_counter_applied_g1_i0');
      });

      it('builds them over rows already there, which queries then find as before', async () => {
        await store.commit(counter, 1, changes({ applied: [{ position: 1, type: 'A' }, { position: 2, type: 'B' }, { position: 3, type: 'A' }] }), 3n);
        await store.ensureIndexes(counter, 1);
        const rows = await store.query(`SELECT position FROM "${store.tableName(counter.name, 'applied', 1)}" WHERE type = ? ORDER BY position`, ['A']);
        expect(rows.map((row) => Number(row.position))).toEqual([1, 3]);
      });

      it('does nothing when they are there already', async () => {
        await store.ensureIndexes(counter, 1);
        await store.ensureIndexes(counter, 1);
        expect((await harness.indexesOf('rm_event_counter_applied_g1')).filter((index) => index.endsWith('_i0'))).toEqual(['rm_event_counter_applied_g1_i0']);
      });
    });

    describe('commit', () => {
      beforeEach(() => store.createGeneration(counter, 1, 'active'));

      it('writes the rows, integer columns as numbers', async () => {
        await store.commit(counter, 1, changes({ counts: [{ type: 'Opened', count: 2 }] }), 5n);
        expect(await rowsOf('counts')).toEqual([{ type: 'Opened', count: 2 }]);
      });

      it('keeps integers up to 2^53 - 1 exact (amounts in minor units)', async () => {
        await store.commit(counter, 1, changes({ counts: [{ type: 'Opened', count: Number.MAX_SAFE_INTEGER }] }), 5n);
        expect(await rowsOf('counts')).toEqual([{ type: 'Opened', count: 9_007_199_254_740_991 }]);
      });

      it('records the checkpoint with the rows', async () => {
        await store.commit(counter, 1, changes({ counts: [{ type: 'Opened', count: 2 }] }), 5n);
        expect(await checkpointOf()).toBe(5n);
      });

      it('writes a row given with its stored version as given', async () => {
        await store.commit(counter, 1, changes({ counts: [{ type: 'Opened', count: 2 }, { type: 'Closed', count: 1 }] }), 5n);
        const row = { type: 'Opened', count: 3 };
        const same = { type: 'Closed', count: 1 };
        const stored = new Map([[row, { type: 'Opened', count: 2 }], [same, { type: 'Closed', count: 1 }]]);
        await store.commit(counter, 1, { ...changes({ counts: [row, same] }), stored }, 6n);
        expect([await rowsOf('counts'), await checkpointOf()]).toEqual([[{ type: 'Closed', count: 1 }, { type: 'Opened', count: 3 }], 6n]);
      });

      it('writes a row whole when its stored version is given but the row is not there', async () => {
        const row = { type: 'Opened', count: 3 };
        await store.commit(counter, 1, { ...changes({ counts: [row] }), stored: new Map([[row, { type: 'Opened', count: 2 }]]) }, 6n);
        expect(await rowsOf('counts')).toEqual([{ type: 'Opened', count: 3 }]);
      });

      it('replaces a row already there (upsert)', async () => {
        await store.commit(counter, 1, changes({ counts: [{ type: 'Opened', count: 2 }] }), 5n);
        await store.commit(counter, 1, changes({ counts: [{ type: 'Opened', count: 3 }] }), 6n);
        expect(await rowsOf('counts')).toEqual([{ type: 'Opened', count: 3 }]);
      });

      it('writes a column the row leaves out as null', async () => {
        await store.commit(counter, 1, changes({ counts: [{ type: 'Opened' }] }), 5n);
        expect(await rowsOf('counts')).toEqual([{ type: 'Opened', count: null }]);
      });

      it('deletes the rows it is given keys of', async () => {
        await store.commit(counter, 1, changes({ applied: [{ position: 1, type: 'A' }, { position: 2, type: 'B' }] }), 2n);
        await store.commit(counter, 1, changes({}, { applied: [[1]] }), 3n);
        expect(await rowsOf('applied')).toEqual([{ position: 2, type: 'B' }]);
      });

      it('writes a batch of thousands of rows', async () => {
        const applied = Array.from({ length: 5000 }, (_, index) => ({ position: index + 1, type: index % 2 ? 'A' : 'B' }));
        await store.commit(counter, 1, changes({ applied }), 5000n);
        expect(await store.query(`SELECT COUNT(*) AS n FROM "${store.tableName(counter.name, 'applied', 1)}"`)).toEqual([{ n: 5000 }]);
        // Rows first, mid-way and last: a store may write them several to a statement, the last few on their own.
        const some = await store.query(
          `SELECT position, type FROM "${store.tableName(counter.name, 'applied', 1)}" WHERE position IN (1, 32, 33, 4993, 4999, 5000) ORDER BY position`,
        );
        expect(some).toEqual([
          { position: 1, type: 'B' }, { position: 32, type: 'A' }, { position: 33, type: 'B' },
          { position: 4993, type: 'B' }, { position: 4999, type: 'B' }, { position: 5000, type: 'A' },
        ]);
      });

      it('writes each row of a large batch given with stored versions as given', async () => {
        const before = Array.from({ length: 70 }, (_, index) => ({ type: `T${index}`, count: 1 }));
        await store.commit(counter, 1, changes({ counts: before }), 5n);
        // Every other row loaded (stored), the rest written blind, and 30 new ones.
        const after = [...before.map((row, index) => ({ type: row.type, count: index % 3 === 0 ? 1 : index + 2 })),
          ...Array.from({ length: 30 }, (_, index) => ({ type: `N${index}`, count: index }))];
        const stored = new Map(after.filter((_, index) => index < 70 && index % 2 === 0).map((row) => [row, { type: row.type, count: 1 }]));
        await store.commit(counter, 1, { ...changes({ counts: after }), stored }, 6n);
        const rows = await store.query<{ type: string; count: number }>(`SELECT type, count FROM "${store.tableName(counter.name, 'counts', 1)}"`);
        expect(new Map(rows.map((row) => [row.type, row.count]))).toEqual(new Map(after.map((row) => [row.type, row.count])));
      });

      it('keeps a checkpoint above 2^53 exactly', async () => {
        const far = 2n ** 53n + 1n;
        await store.commit(counter, 1, changes({}), far);
        expect(await checkpointOf()).toBe(far);
      });

      it('keeps the largest unsigned 64-bit checkpoint exactly', async () => {
        const last = 2n ** 64n - 1n;
        await store.commit(counter, 1, changes({}), last);
        expect(await checkpointOf()).toBe(last);
      });

      it("touches only its own generation's tables", async () => {
        await store.createGeneration(counter, 2, 'building');
        await store.commit(counter, 2, changes({ counts: [{ type: 'Opened', count: 1 }] }), 5n);
        expect(await rowsOf('counts', 1)).toEqual([]);
      });

      describe('when a write fails', () => {
        const failing = () => store.commit(counter, 1, changes({ counts: [{ type: 'Opened', count: 2 }], applied: [{ position: 5, type: 'Opened' }] }), 5n);

        describe('on the checkpoint', () => {
          beforeEach(() => harness.refuseCheckpoints());

          it('rejects with the error', async () => {
            await expect(failing()).rejects.toMatchObject({ message: expect.stringContaining('checkpoint refused') });
          });

          it('leaves none of the rows', async () => {
            await failing().catch(() => undefined);
            expect([await rowsOf('counts'), await rowsOf('applied')]).toEqual([[], []]);
          });
        });

        describe('on a row', () => {
          beforeEach(() => harness.refuseInserts('rm_event_counter_applied_g1'));

          it('leaves the rows written before it out', async () => {
            await failing().catch(() => undefined);
            expect(await rowsOf('counts')).toEqual([]);
          });

          it('leaves the checkpoint where it was', async () => {
            await failing().catch(() => undefined);
            expect(await checkpointOf()).toBeNull();
          });
        });
      });
    });

    describe('loadRows', () => {
      beforeEach(async () => {
        await store.createGeneration(counter, 1, 'active');
        await store.commit(counter, 1, changes({ counts: [{ type: 'Opened', count: 2 }], applied: [{ position: 4, type: 'Opened' }] }), 4n);
      });

      it('returns the rows that exist, keyed by rowKey, and leaves the missing ones out', async () => {
        const loaded = await store.loadRows(counter, 1, [
          { table: 'counts', key: ['Opened'] },
          { table: 'counts', key: ['Closed'] },
          { table: 'applied', key: [4] },
        ]);
        expect(loaded).toEqual(
          new Map<string, Row>([
            [rowKey('counts', ['Opened']), { type: 'Opened', count: 2 }],
            [rowKey('applied', [4]), { position: 4, type: 'Opened' }],
          ]),
        );
      });

      it("reads the given generation's tables only", async () => {
        await store.createGeneration(counter, 2, 'building');
        expect((await store.loadRows(counter, 2, [{ table: 'counts', key: ['Opened'] }])).size).toBe(0);
      });

      it('throws for a table the projection does not declare', async () => {
        await expect(store.loadRows(counter, 1, [{ table: 'totals', key: ['Opened'] }])).rejects.toThrow('event-counter has no table totals');
      });
    });

    describe('activate', () => {
      beforeEach(async () => {
        await store.createGeneration(counter, 1, 'active');
        await store.createGeneration(counter, 2, 'building');
        await store.commit(counter, 2, changes({ counts: [{ type: 'Opened', count: 1 }] }), 9n);
        await store.activate(counter, 2);
      });

      it('leaves the generation as the only one, active', async () => {
        expect(await store.generations(counter.name)).toEqual([{ projection: 'event-counter', generation: 2, state: 'active', version: 3, checkpoint: 9n }]);
      });

      it("drops the other generations' tables", async () => {
        expect(await harness.tables()).toEqual(['rm_event_counter_applied_g2', 'rm_event_counter_counts_g2']);
      });

      it("keeps the activated generation's rows", async () => {
        expect(await rowsOf('counts', 2)).toEqual([{ type: 'Opened', count: 1 }]);
      });
    });

    describe('activate of a generation that does not exist', () => {
      beforeEach(() => store.createGeneration(counter, 1, 'active'));

      it('is refused', async () => {
        await expect(store.activate(counter, 5)).rejects.toThrow('event-counter has no generation 5 to activate');
      });

      it('keeps the generations there are', async () => {
        await store.activate(counter, 5).catch(() => undefined);
        expect(await harness.tables()).toEqual(['rm_event_counter_applied_g1', 'rm_event_counter_counts_g1']);
      });
    });

    describe('dropGeneration', () => {
      beforeEach(async () => {
        await store.createGeneration(counter, 1, 'active');
        await store.createGeneration(counter, 2, 'building');
        await store.dropGeneration(counter, 2);
      });

      it("drops the generation's tables", async () => {
        expect(await harness.tables()).toEqual(['rm_event_counter_applied_g1', 'rm_event_counter_counts_g1']);
      });

      it("deletes the generation's record", async () => {
        expect((await store.generations(counter.name)).map((info) => info.generation)).toEqual([1]);
      });

      it('lets the same generation be created again and written to', async () => {
        await store.createGeneration(counter, 2, 'building');
        await store.commit(counter, 2, changes({ counts: [{ type: 'Opened', count: 1 }] }), 3n);
        expect(await rowsOf('counts', 2)).toEqual([{ type: 'Opened', count: 1 }]);
      });
    });

    describe('query', () => {
      beforeEach(async () => {
        await store.createGeneration(counter, 1, 'active');
        await store.commit(counter, 1, changes({ counts: [{ type: 'Opened', count: 2 }, { type: 'Closed', count: 1 }, { type: 'Z?', count: 7 }] }), 4n);
      });
      const table = () => store.tableName(counter.name, 'counts', 1);

      it('binds `?` parameters in order', async () => {
        expect(await store.query(`SELECT type FROM "${table()}" WHERE count > ? AND type <> ?`, [1, 'Z?'])).toEqual([{ type: 'Opened' }]);
      });

      it('leaves a `?` inside a string literal alone', async () => {
        expect(await store.query(`SELECT type FROM "${table()}" WHERE type = 'Z?' AND count = ?`, [7])).toEqual([{ type: 'Z?' }]);
      });

      it('orders text by code point (upper case before lower case), as cursors expect', async () => {
        await store.commit(counter, 1, changes({ counts: [{ type: 'alpha', count: 1 }, { type: 'Beta', count: 1 }] }), 5n);
        const rows = await store.query<{ type: string }>(`SELECT type FROM "${table()}" ORDER BY type`);
        expect(rows.map((row) => row.type)).toEqual(['Beta', 'Closed', 'Opened', 'Z?', 'alpha']);
      });

      it('counts as numbers', async () => {
        expect(await store.query(`SELECT COUNT(*) AS n FROM "${table()}"`)).toEqual([{ n: 3 }]);
      });
    });
  });
}
