import { ID_PATTERN } from '@ledger/http-kit';

/**
 * Cell-level rules of the import: ids derived from names, known misspellings, dates and money.
 * Each function either answers a clean value or throws an InvalidCell saying why, so a row's
 * reason reads like "engage_date 2017-13-01 is not a date (YYYY-MM-DD)".
 */
export class InvalidCell extends Error {}

/**
 * A stable id from a name: lower case, every run of other characters a single `-`
 * (`Gekko & Co` → `gekko-co`). Stable across runs, so a re-run finds what the first one wrote.
 */
export function idFromName(name: string, column: string): string {
  const id = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!ID_PATTERN.test(id)) throw new InvalidCell(`${column} "${name}" gives no usable id (1 to 64 of A-Za-z0-9._-)`);
  return id;
}

/**
 * Obvious misspellings in categorical columns, corrected by an explicit list rather than by
 * fuzzy matching: a guess that merged two real categories would be worse than the typo.
 */
export const KNOWN_MISSPELLINGS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  sector: { technolgy: 'technology' },
  office_location: { Philipines: 'Philippines' },
};

export function correctSpelling(column: string, value: string): string {
  return KNOWN_MISSPELLINGS[column]?.[value] ?? value;
}

/** Product names compare without spaces or case: the pipeline's `GTXPro` is the catalogue's `GTX Pro`. */
export const productKey = (name: string) => name.replace(/\s+/g, '').toLowerCase();

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `2017-03-01` → `2017-03-01T00:00:00.000Z` (the form the API stores business times in); '' → null. */
export function parseDay(value: string, column: string): string | null {
  if (value === '') return null;
  const match = ISO_DAY.exec(value);
  const day = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  // Date.UTC rolls 2017-02-30 over to March: a real day reads back as the same digits.
  if (!day || day.toISOString().slice(0, 10) !== value) throw new InvalidCell(`${column} "${value}" is not a date (YYYY-MM-DD)`);
  return day.toISOString();
}

const DECIMAL = /^(\d{1,15})(?:\.(\d+))?$/;

/** A USD amount as the API takes it: `1054` → `"1054.00"`. Cents beyond two places are refused, not rounded. */
export function usdAmount(value: string, column: string): string {
  const match = DECIMAL.exec(value);
  if (!match || (match[2] ?? '').length > 2) {
    throw new InvalidCell(`${column} "${value}" is not an amount in USD (digits, at most 2 decimals)`);
  }
  return `${BigInt(match[1])}.${(match[2] ?? '').padEnd(2, '0')}`;
}

/** Millions of USD (the export's `revenue`) as a USD amount: `1100.04` → `"1100040000.00"`. */
export function usdFromMillions(value: string, column: string): string {
  const match = DECIMAL.exec(value);
  if (!match || (match[2] ?? '').length > 8) throw new InvalidCell(`${column} "${value}" is not a number of millions of USD`);
  // Shift the decimal point six places in the digits themselves: a float would round the cents.
  const fraction = (match[2] ?? '').padEnd(8, '0');
  const whole = BigInt(match[1]) * 1_000_000n + BigInt(fraction.slice(0, 6));
  return `${whole}.${fraction.slice(6)}`;
}

/** A count such as `employees`: digits only. */
export function wholeNumber(value: string, column: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new InvalidCell(`${column} "${value}" is not a whole number`);
  return Number(value);
}
