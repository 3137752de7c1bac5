import { ImportSummary, summaryLine, summaryReport } from './import-summary';

const summary: ImportSummary = {
  source: 'maven-crm',
  folder: '/data/export',
  dryRun: false,
  salesManagers: 6,
  accountManagers: 35,
  accounts: 85,
  assignments: 84,
  unassignedAccounts: 1,
  deals: { opened: 7375, won: 4238, lost: 2473, open: 664 },
  commands: 14296,
  eventsWritten: 14296,
  rejected: [
    { file: 'sales_pipeline.csv', line: 11, reason: 'opportunity has no account' },
    { file: 'sales_pipeline.csv', line: 44, reason: 'opportunity has no account' },
    { file: 'accounts.csv', line: 3, reason: 'employees "x" is not a whole number' },
  ],
  normalisations: [{ file: 'accounts.csv', column: 'sector', from: 'technolgy', to: 'technology', rows: 12 }],
  since: '2016-10-20T00:00:00.000Z',
  wallTimeMs: 3456,
};

describe('import summary', () => {
  it('fits on one line', () => {
    expect(summaryLine(summary)).toBe(
      'maven-crm imported: 85 accounts, 6 sales managers, 35 account managers, 7,375 deals (4,238 won, 2,473 lost, 664 open), 14,296 events written, 3 rows rejected, 1 normalisation, 3.5 s',
    );
  });

  it('says a dry run wrote nothing, and how many commands it would send', () => {
    expect(summaryLine({ ...summary, dryRun: true, eventsWritten: 0 })).toContain('maven-crm would import: 85 accounts');
    expect(summaryLine({ ...summary, dryRun: true, eventsWritten: 0 })).toContain('14,296 commands, nothing written (dry run)');
  });

  it('details the assignments, the corrections and the rejected rows by reason', () => {
    expect(summaryReport(summary).split('\n').slice(1)).toEqual([
      '  84 accounts assigned to the first agent who engaged them, 1 left unassigned',
      "  managers and accounts take effect on 2016-10-20, the export's first engage_date",
      '  normalised accounts.csv sector "technolgy" → "technology" on 12 rows',
      '  rejected 2 rows: opportunity has no account: sales_pipeline.csv:11, sales_pipeline.csv:44',
      '  rejected 1 row: employees "x" is not a whole number: accounts.csv:3',
    ]);
  });

  it('lists ten locations per reason and points at --json for the rest', () => {
    const rejected = Array.from({ length: 12 }, (_, index) => ({ file: 'sales_pipeline.csv', line: index + 2, reason: 'opportunity has no account' }));
    expect(summaryReport({ ...summary, rejected }).split('\n').at(-1)).toMatch(/sales_pipeline\.csv:11, and 2 more \(--json lists every row\)$/);
  });
});
