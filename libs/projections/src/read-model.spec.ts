import { oneCellRowKey, rowKey } from './read-model';

describe('rowKey', () => {
  it('names the same row by the same string', () => {
    expect([rowKey('accounts', ['a1']), rowKey('periods', ['a1', '2017-03-01'])]).toEqual([
      rowKey('accounts', ['a1']),
      rowKey('periods', ['a1', '2017-03-01']),
    ]);
  });

  it('tells apart rows whose keys differ only in table, type or number of parts', () => {
    const keys = [
      rowKey('accounts', ['a1']),
      rowKey('managers', ['a1']),
      rowKey('accounts', ['1']),
      rowKey('accounts', [1]),
      rowKey('accounts', [null]),
      rowKey('accounts', ['null']),
      rowKey('accounts', ['a1', 'x']),
      // A one-text key that reads as the JSON of a two-part key names another row.
      rowKey('accounts', ['["a1","x"]']),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('names a one-cell key as rowKey does', () => {
    expect([oneCellRowKey('accounts', 'a1'), oneCellRowKey('applied', 7), oneCellRowKey('accounts', null)]).toEqual([
      rowKey('accounts', ['a1']),
      rowKey('applied', [7]),
      rowKey('accounts', [null]),
    ]);
  });
});
