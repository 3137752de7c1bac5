import type { CsvRow, Rejection, SourceRef } from './csv-file';
import { IdRegistry } from './id-registry';
import { NormalisationLog } from './normalisations';
import { correctSpelling, idFromName, InvalidCell, usdFromMillions, wholeNumber } from './normalise';

export const ACCOUNTS_FILE = 'accounts.csv';
export const ACCOUNTS_COLUMNS = ['account', 'sector', 'year_established', 'revenue', 'employees', 'office_location', 'subsidiary_of'] as const;

export interface AccountEntry {
  readonly source: SourceRef;
  readonly id: string;
  readonly name: string;
  readonly sector?: string;
  readonly country?: string;
  readonly annualRevenue?: string;
  readonly employees?: number;
  readonly parentName?: string;
  readonly parentId?: string;
  /** 0 for a top account, 1 for its subsidiaries, ...: parents are opened a level before. */
  readonly level: number;
}

export interface Accounts {
  /** Ordered by level: every parent comes before its subsidiaries. */
  readonly accounts: AccountEntry[];
  /** Account name as the pipeline spells it → account id. */
  readonly accountIds: Map<string, string>;
  readonly rejected: Rejection[];
}

/**
 * One account per row. `sector` and `office_location` (the country) are corrected for known
 * misspellings; `revenue` is in millions of USD; `year_established` has no place in the ledger.
 * `subsidiary_of` names the parent, which must be an account of the file that was itself taken.
 */
export function readAccounts(rows: readonly CsvRow[], normalisations: NormalisationLog): Accounts {
  const ids = new IdRegistry('account');
  const parsed: Omit<AccountEntry, 'level' | 'parentId'>[] = [];
  const rejected: Rejection[] = [];
  for (const row of rows) {
    try {
      const entry = parseAccount(row, normalisations);
      if (ids.isTakenBy(entry.id, entry.name)) throw new InvalidCell(`account "${entry.name}" is listed twice (line ${ids.lineOf(entry.id)})`);
      ids.take(entry.id, entry.name, row.line);
      parsed.push(entry);
    } catch (error) {
      if (!(error instanceof InvalidCell)) throw error;
      rejected.push({ file: row.file, line: row.line, reason: error.message });
    }
  }
  const { accounts, orphans } = linkParents(parsed, new Set(rows.map((row) => row.values.account)));
  rejected.push(...orphans);
  return { accounts, accountIds: new Map(accounts.map((account) => [account.name, account.id])), rejected };
}

function parseAccount(row: CsvRow, normalisations: NormalisationLog): Omit<AccountEntry, 'level' | 'parentId'> {
  const cell = (column: (typeof ACCOUNTS_COLUMNS)[number]) => row.values[column];
  const corrected = (column: 'sector' | 'office_location') =>
    cell(column) === '' ? undefined : normalisations.apply(row.file, column, cell(column), correctSpelling(column, cell(column)));
  if (cell('account') === '') throw new InvalidCell('account is empty');
  return {
    source: { file: row.file, line: row.line },
    id: idFromName(cell('account'), 'account'),
    name: cell('account'),
    sector: corrected('sector'),
    country: corrected('office_location'),
    annualRevenue: cell('revenue') === '' ? undefined : usdFromMillions(cell('revenue'), 'revenue'),
    employees: cell('employees') === '' ? undefined : wholeNumber(cell('employees'), 'employees'),
    parentName: cell('subsidiary_of') === '' ? undefined : cell('subsidiary_of'),
  };
}

/**
 * Gives each account its parent's id and its depth, level by level from the top accounts down.
 * What is left unplaced names a parent that is missing, rejected, or part of a cycle.
 */
function linkParents(
  parsed: readonly Omit<AccountEntry, 'level' | 'parentId'>[],
  namesInFile: ReadonlySet<string>,
): { accounts: AccountEntry[]; orphans: Rejection[] } {
  const placed = new Map<string, AccountEntry>();
  let pending = [...parsed];
  for (let level = 0; pending.length > 0; level++) {
    const ready = pending.filter((entry) => entry.parentName === undefined ? level === 0 : placed.get(entry.parentName)?.level === level - 1);
    if (ready.length === 0) break;
    for (const entry of ready) placed.set(entry.name, { ...entry, parentId: entry.parentName && placed.get(entry.parentName)!.id, level });
    pending = pending.filter((entry) => !ready.includes(entry));
  }
  const orphans = pending.map(({ source, parentName }) => ({
    ...source,
    reason: namesInFile.has(parentName!)
      ? `parent account "${parentName}" (subsidiary_of) was rejected, or the two form a cycle`
      : `subsidiary_of "${parentName}" is not an account of ${source.file}`,
  }));
  return { accounts: [...placed.values()].sort((a, b) => a.level - b.level), orphans };
}
