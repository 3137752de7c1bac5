import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CsvError, parse } from 'csv-parse/sync';
import { CliError } from '../cli-errors';

/** Where a row came from, as an operator would look it up: the file's name and its 1-based line. */
export interface SourceRef {
  readonly file: string;
  readonly line: number;
}

export interface Rejection extends SourceRef {
  readonly reason: string;
}

export interface CsvRow extends SourceRef {
  /** Trimmed cell values by header name. */
  readonly values: Readonly<Record<string, string>>;
}

export interface CsvFile {
  readonly rows: CsvRow[];
  /** Rows whose shape does not match the header (a missing or an extra field). */
  readonly rejected: Rejection[];
}

/** The folder the import reads; a missing one is the operator's first likely mistake. */
export function checkFolder(folder: string): void {
  if (!existsSync(folder)) throw new CliError(`${folder}: no such folder`);
  if (!statSync(folder).isDirectory()) throw new CliError(`${folder}: not a folder`);
}

/**
 * Reads one CSV file. A missing file, an unreadable file or a header without a required column
 * stops the import before anything is written (the whole file would be unusable); a row with
 * fewer or more fields than the header is rejected alone, with its line.
 */
export function readCsvFile(folder: string, file: string, requiredColumns: readonly string[]): CsvFile {
  const path = join(folder, file);
  if (!existsSync(path)) throw new CliError(`${path}: no such file (the export has ${file})`);
  const records = parseRecords(path, file);
  const [header, ...body] = records;
  if (!header) throw new CliError(`${file}: empty file (no header line)`);
  const missing = requiredColumns.filter((column) => !header.values.includes(column));
  if (missing.length > 0) throw new CliError(`${file}:1: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  const rows: CsvRow[] = [];
  const rejected: Rejection[] = [];
  for (const { values, line } of body) {
    const problem = shapeProblem(header.values, values);
    if (problem) rejected.push({ file, line, reason: problem });
    else rows.push({ file, line, values: Object.fromEntries(header.values.map((column, index) => [column, values[index]])) });
  }
  return { rows, rejected };
}

type RawRecord = { values: string[]; line: number };

function parseRecords(path: string, file: string): RawRecord[] {
  try {
    const parsed = parse(readFileSync(path), {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>; // the typings miss `info`'s shape
    // csv-parse counts the line a record ends on; a quoted field may span lines, so step back over them.
    return parsed.map(({ record, info }) => ({ values: record, line: info.lines - newlinesIn(record) }));
  } catch (error) {
    if (error instanceof CsvError) throw new CliError(`${file}:${(error as CsvError & { lines?: number }).lines ?? '?'}: ${error.message}`);
    throw new CliError(`${path}: ${(error as Error).message}`);
  }
}

const newlinesIn = (values: readonly string[]) => values.reduce((count, value) => count + (value.match(/\n/g)?.length ?? 0), 0);

function shapeProblem(header: readonly string[], values: readonly string[]): string | undefined {
  if (values.length < header.length) {
    const missing = header.slice(values.length);
    return `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (${values.length} fields, the header has ${header.length})`;
  }
  if (values.length > header.length) return `${values.length} fields, the header has ${header.length}`;
  return undefined;
}
