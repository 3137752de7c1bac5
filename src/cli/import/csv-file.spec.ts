import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../cli-errors';
import { checkFolder, readCsvFile } from './csv-file';

describe('reading a CSV file of the export', () => {
  let dir: string;
  const write = (content: string) => writeFileSync(join(dir, 'teams.csv'), content);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-csv-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('hands over each row by column with its line, trimmed, past a BOM and blank lines', () => {
    write('\uFEFFagent,office\n Anna , Central\n\n"Frase, Moses",East\n');
    expect(readCsvFile(dir, 'teams.csv', ['agent'])).toEqual({
      rows: [
        { file: 'teams.csv', line: 2, values: { agent: 'Anna', office: 'Central' } },
        { file: 'teams.csv', line: 4, values: { agent: 'Frase, Moses', office: 'East' } },
      ],
      rejected: [],
    });
  });

  it('numbers a row by the line it starts on, even after a quoted line break', () => {
    write('agent,office\n"Anna\nSnelling",Central\nMoses,East\n');
    expect(readCsvFile(dir, 'teams.csv', []).rows.map((row) => row.line)).toEqual([2, 4]);
  });

  it('rejects a row with a missing or an extra field, alone', () => {
    write('agent,office,manager\nAnna,Central\nMoses,East,Dustin,extra\nGladys,Central,Melvin\n');
    const file = readCsvFile(dir, 'teams.csv', []);
    expect(file.rows.map((row) => row.line)).toEqual([4]);
    expect(file.rejected).toEqual([
      { file: 'teams.csv', line: 2, reason: 'missing column manager (2 fields, the header has 3)' },
      { file: 'teams.csv', line: 3, reason: '4 fields, the header has 3' },
    ]);
  });

  it('refuses a file whose header lacks a required column', () => {
    write('agent\nAnna\n');
    expect(() => readCsvFile(dir, 'teams.csv', ['agent', 'office', 'manager'])).toThrow(new CliError('teams.csv:1: missing columns office, manager'));
  });

  it('refuses a missing file and a missing folder, naming them', () => {
    expect(() => readCsvFile(dir, 'teams.csv', [])).toThrow(new CliError(`${join(dir, 'teams.csv')}: no such file (the export has teams.csv)`));
    expect(() => checkFolder(join(dir, 'nope'))).toThrow(new CliError(`${join(dir, 'nope')}: no such folder`));
  });

  it('refuses a file it cannot parse, with the line', () => {
    write('agent,office\n"Anna,Central\n');
    expect(() => readCsvFile(dir, 'teams.csv', [])).toThrow(/^teams\.csv:\d+: /);
  });
});
