import type { CsvRow } from './csv-file';

/** Rows as readCsvFile hands them over, numbered from line 2 (after the header). */
export function csvRows(file: string, header: readonly string[], lines: ReadonlyArray<readonly string[]>): CsvRow[] {
  return lines.map((values, index) => ({ file, line: index + 2, values: Object.fromEntries(header.map((column, at) => [column, values[at]])) }));
}
