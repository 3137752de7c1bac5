import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../src/cli/cli-errors';
import { openCliContext } from '../src/cli/cli-context';
import { importMavenCrm } from '../src/cli/import/maven-crm.import';
import { loadConfig } from '../src/config';
import { MAVEN_CRM_FOLDER } from './cli/support/maven-crm-expectations';

/** The first 40 opportunities of the real export, then four broken ones. */
const GOOD_ROWS = readFileSync(join(MAVEN_CRM_FOLDER, 'sales_pipeline.csv'), 'utf8').split('\n').slice(0, 41);
const BROKEN_ROWS = [
  'BADCOL01,Moses Frase,GTX Basic,Cancity,Won,2017-01-02,2017-02-03', // close_value missing
  'BADDAY01,Moses Frase,GTX Basic,Cancity,Won,2017-13-40,2017-02-03,100',
  'BADVAL01,Moses Frase,GTX Basic,Cancity,Won,2017-01-02,2017-02-03,12abc',
  'BADAGT01,Nobody Here,GTX Basic,Cancity,Lost,2017-01-02,2017-02-03,0',
];

describe('import maven-crm: a malformed copy of the export', () => {
  let dir: string;
  const folder = () => join(dir, 'export');
  const runImport = (path = join(dir, 'ledger.db')) =>
    importMavenCrm(folder(), () => openCliContext(loadConfig({ SQLITE_PATH: path, LOG_LEVEL: 'silent' })));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-import-malformed-'));
    const exportDir = folder();
    mkdirSync(exportDir);
    for (const file of ['accounts.csv', 'sales_teams.csv', 'products.csv']) copyFileSync(join(MAVEN_CRM_FOLDER, file), join(exportDir, file));
    writeFileSync(join(exportDir, 'sales_pipeline.csv'), [...GOOD_ROWS, ...BROKEN_ROWS, ''].join('\n'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('rejects each broken row with its file, line and reason', async () => {
    const summary = await runImport();
    const broken = summary.rejected.filter((rejection) => rejection.line > 41);
    expect(broken).toEqual([
      { file: 'sales_pipeline.csv', line: 42, reason: 'missing column close_value (7 fields, the header has 8)' },
      { file: 'sales_pipeline.csv', line: 43, reason: 'engage_date "2017-13-40" is not a date (YYYY-MM-DD)' },
      { file: 'sales_pipeline.csv', line: 44, reason: 'close_value "12abc" is not an amount in USD (digits, at most 2 decimals)' },
      { file: 'sales_pipeline.csv', line: 45, reason: 'sales_agent "Nobody Here" is not in sales_teams.csv' },
    ]);
  }, 20_000);

  it('still loads the good rows', async () => {
    const good = GOOD_ROWS.slice(1).map((line) => line.split(','));
    const withAccount = good.filter((cells) => cells[3] !== '');
    const summary = await runImport();
    expect(summary.deals.opened).toBe(withAccount.length);
    expect(summary.deals.won).toBe(withAccount.filter((cells) => cells[4] === 'Won').length);
    expect(summary.rejected.filter((rejection) => rejection.line <= 41)).toHaveLength(good.length - withAccount.length);
    expect([summary.accounts, summary.salesManagers, summary.accountManagers]).toEqual([85, 6, 35]);
  }, 20_000);

  it('stops before writing anything when a file lacks a column', async () => {
    writeFileSync(join(folder(), 'products.csv'), 'product,series\nGTX Basic,GTX\n');
    const path = join(dir, 'never.db');
    await expect(runImport(path)).rejects.toEqual(new CliError('products.csv:1: missing column sales_price'));
    expect(existsSync(path)).toBe(false);
  });

  it('stops before writing anything when a file is missing', async () => {
    rmSync(join(folder(), 'accounts.csv'));
    await expect(runImport()).rejects.toThrow(`${join(folder(), 'accounts.csv')}: no such file`);
  });
});
