import { TableSpec } from './read-model';
import { BatchWorkingSet } from './working-set';

const counts: TableSpec = { name: 'counts', columns: { type: 'text', count: 'integer' }, primaryKey: ['type'] };
const applied: TableSpec = { name: 'applied', columns: { position: 'integer', type: 'text' }, primaryKey: ['position'] };

describe('BatchWorkingSet', () => {
  let rows: BatchWorkingSet;

  beforeEach(() => {
    rows = new BatchWorkingSet(new Map([counts, applied].map((table) => [table.name, table])));
    rows.seed({ table: 'counts', key: ['Opened'] }, { type: 'Opened', count: 3 });
    rows.seed({ table: 'counts', key: ['Closed'] }, undefined);
  });

  describe('get', () => {
    it('returns a seeded row', () => {
      expect(rows.get('counts', ['Opened'])).toEqual({ type: 'Opened', count: 3 });
    });

    it('returns undefined for a row seeded as absent', () => {
      expect(rows.get('counts', ['Closed'])).toBeUndefined();
    });

    it('throws, naming the table, for a row the projection did not declare', () => {
      expect(() => rows.get('counts', ['Renamed'])).toThrow(/counts \["Renamed"\].*rowsNeeded/);
    });
  });

  describe('put', () => {
    it('makes the row readable in the same batch', () => {
      rows.put('counts', { type: 'Renamed', count: 1 });
      expect(rows.get('counts', ['Renamed'])).toEqual({ type: 'Renamed', count: 1 });
    });

    it('replaces a seeded row', () => {
      rows.put('counts', { type: 'Opened', count: 4 });
      expect(rows.get('counts', ['Opened'])).toEqual({ type: 'Opened', count: 4 });
    });

    it('throws when a primary key column is missing', () => {
      expect(() => rows.put('counts', { count: 1 })).toThrow('counts: primary key column type is empty');
    });

    it('throws when a primary key column is null', () => {
      expect(() => rows.put('counts', { type: null, count: 1 })).toThrow('counts: primary key column type is empty');
    });

    it('throws for a table the projection does not declare', () => {
      expect(() => rows.put('totals', { type: 'Opened' })).toThrow('Unknown read-model table totals');
    });
  });

  describe('delete', () => {
    it('makes a seeded row read as absent', () => {
      rows.delete('counts', ['Opened']);
      expect(rows.get('counts', ['Opened'])).toBeUndefined();
    });

    it('throws for a table the projection does not declare', () => {
      expect(() => rows.delete('totals', ['Opened'])).toThrow('Unknown read-model table totals');
    });
  });

  describe('changes', () => {
    it('is empty when nothing was written', () => {
      expect(rows.changes()).toEqual({ puts: new Map(), deletes: new Map(), stored: new Map() });
    });

    it('does not list rows that were only read', () => {
      rows.get('counts', ['Opened']);
      rows.put('applied', { position: 1, type: 'Opened' });
      expect([...rows.changes().puts.keys()]).toEqual(['applied']);
    });

    it('keeps only the last put of a row', () => {
      rows.put('counts', { type: 'Opened', count: 4 });
      rows.put('counts', { type: 'Opened', count: 5 });
      expect(rows.changes().puts.get('counts')).toEqual([{ type: 'Opened', count: 5 }]);
    });

    it('turns a put followed by a delete into a delete only', () => {
      rows.put('counts', { type: 'Opened', count: 4 });
      rows.delete('counts', ['Opened']);
      expect(rows.changes()).toEqual({ puts: new Map(), deletes: new Map([['counts', [['Opened']]]]), stored: new Map() });
    });

    it('turns a delete followed by a put into a put only', () => {
      rows.delete('counts', ['Opened']);
      rows.put('counts', { type: 'Opened', count: 1 });
      expect(rows.changes()).toEqual({
        puts: new Map([['counts', [{ type: 'Opened', count: 1 }]]]),
        deletes: new Map(),
        stored: new Map([[{ type: 'Opened', count: 1 }, { type: 'Opened', count: 3 }]]),
      });
    });

    it('groups puts and deletes by table', () => {
      rows.put('counts', { type: 'Opened', count: 4 });
      rows.put('applied', { position: 7, type: 'Opened' });
      rows.put('counts', { type: 'Closed', count: 1 });
      rows.delete('applied', [5]);
      rows.put('applied', { position: 8, type: 'Closed' });
      expect(rows.changes()).toEqual({
        puts: new Map([
          ['counts', [{ type: 'Opened', count: 4 }, { type: 'Closed', count: 1 }]],
          ['applied', [{ position: 7, type: 'Opened' }, { position: 8, type: 'Closed' }]],
        ]),
        deletes: new Map([['applied', [[5]]]]),
        stored: new Map([[{ type: 'Opened', count: 4 }, { type: 'Opened', count: 3 }]]),
      });
    });

    it("gives a put row's stored version as loaded, before the batch's first change to it", () => {
      rows.put('counts', { type: 'Opened', count: 4 });
      rows.put('counts', { type: 'Opened', count: 5 });
      const { puts, stored } = rows.changes();
      expect(stored?.get(puts.get('counts')![0])).toEqual({ type: 'Opened', count: 3 });
    });

    it('gives no stored version for a row loaded as absent, nor for one not loaded', () => {
      rows.put('counts', { type: 'Closed', count: 1 });
      rows.put('applied', { position: 9, type: 'Closed' });
      expect(rows.changes().stored).toEqual(new Map());
    });
  });
});
