import { ACCOUNTS_COLUMNS, ACCOUNTS_FILE, readAccounts } from './maven-crm.accounts';
import { NormalisationLog } from './normalisations';
import { csvRows } from './testing';

const read = (...lines: string[][]) => {
  const normalisations = new NormalisationLog();
  return { ...readAccounts(csvRows(ACCOUNTS_FILE, ACCOUNTS_COLUMNS, lines), normalisations), normalisations: normalisations.list() };
};
const account = (name: string, parent = '', sector = 'retail') => [name, sector, '1996', '1100.04', '2822', 'United States', parent];

describe('accounts.csv', () => {
  it('reads an account with its revenue in USD and its country', () => {
    const { accounts } = read(account('Acme Corporation'));
    expect(accounts).toEqual([
      {
        source: { file: ACCOUNTS_FILE, line: 2 },
        id: 'acme-corporation',
        name: 'Acme Corporation',
        sector: 'retail',
        country: 'United States',
        annualRevenue: '1100040000.00',
        employees: 2822,
        parentName: undefined,
        parentId: undefined,
        level: 0,
      },
    ]);
  });

  it('orders parents before their subsidiaries, whatever the order of the file', () => {
    const { accounts } = read(account('Grandchild', 'Child'), account('Child', 'Top'), account('Top'));
    expect(accounts.map(({ id, parentId, level }) => [id, parentId, level])).toEqual([
      ['top', undefined, 0],
      ['child', 'top', 1],
      ['grandchild', 'child', 2],
    ]);
  });

  it('rejects a subsidiary of an unknown account, and of a rejected one', () => {
    const { accounts, rejected } = read(account('Orphan', 'Nowhere'), ['Broken', 'retail', '1996', 'lots', '1', 'Italy', ''], account('Child', 'Broken'));
    expect(accounts).toEqual([]);
    expect(rejected).toEqual([
      { file: ACCOUNTS_FILE, line: 3, reason: 'revenue "lots" is not a number of millions of USD' },
      { file: ACCOUNTS_FILE, line: 2, reason: 'subsidiary_of "Nowhere" is not an account of accounts.csv' },
      { file: ACCOUNTS_FILE, line: 4, reason: 'parent account "Broken" (subsidiary_of) was rejected, or the two form a cycle' },
    ]);
  });

  it('rejects accounts that are each other\'s parent', () => {
    const { rejected } = read(account('Yin', 'Yang'), account('Yang', 'Yin'));
    expect(rejected.map((rejection) => rejection.line)).toEqual([2, 3]);
  });

  it('corrects misspelt sectors and countries, and counts the rows it corrected', () => {
    const { accounts, normalisations } = read(account('A', '', 'technolgy'), account('B', '', 'technolgy'), ['C', 'medical', '1999', '1', '1', 'Philipines', '']);
    expect(accounts.map(({ sector, country }) => [sector, country])).toEqual([
      ['technology', 'United States'],
      ['technology', 'United States'],
      ['medical', 'Philippines'],
    ]);
    expect(normalisations).toEqual([
      { file: ACCOUNTS_FILE, column: 'sector', from: 'technolgy', to: 'technology', rows: 2 },
      { file: ACCOUNTS_FILE, column: 'office_location', from: 'Philipines', to: 'Philippines', rows: 1 },
    ]);
  });
});
