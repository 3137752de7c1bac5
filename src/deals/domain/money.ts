import { invalid } from '@ledger/decider';

/**
 * Money crosses the API as decimal strings and lives in events as integer minor units
 * plus an ISO 4217 code: never a float, so sums and audits are exact.
 */

// Intl's own list, not just the shape: `new Intl.NumberFormat` accepts any three letters.
const KNOWN_CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

export const isCurrencyCode = (code: unknown): code is string =>
  typeof code === 'string' && /^[A-Z]{3}$/.test(code) && KNOWN_CURRENCIES.has(code);

/** Per currency: building an Intl.NumberFormat costs ~50 µs, and every amount needs the digits. */
const digitsByCurrency = new Map<string, number>();

/** Digits after the decimal point in the currency's minor unit: USD 2, JPY 0, KWD 3. */
export function minorDigits(currency: string): number {
  const known = digitsByCurrency.get(currency);
  if (known !== undefined) return known;
  if (!isCurrencyCode(currency)) {
    throw invalid('currency-invalid', `${currency} is not an ISO 4217 currency code.`, 'currency');
  }
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  digitsByCurrency.set(currency, digits);
  return digits;
}

// Digits, optionally a point and more digits: no sign, no exponent, no grouping, no spaces.
const DECIMAL = /^(\d+)(?:\.(\d+))?$/;
const MAX_MINOR = BigInt(Number.MAX_SAFE_INTEGER);

/** `"1054.5"` USD → `105450`. Refuses what it cannot store exactly. */
export function parseAmount(decimal: string, currency: string, field = 'amount'): number {
  const digits = minorDigits(currency);
  const match = DECIMAL.exec(decimal);
  if (match === null) {
    throw invalid('amount-invalid', `${field} must be a non-negative decimal string such as "1054.00".`, field);
  }
  const [, whole, fraction = ''] = match;
  if (fraction.length > digits) {
    throw invalid('amount-invalid', `${currency} amounts have at most ${digits} decimal place(s).`, field);
  }
  // BigInt, because the digits of a huge amount would already be rounded in a double.
  const minor = BigInt(whole) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0');
  if (minor > MAX_MINOR) throw invalid('amount-invalid', `${field} is too large.`, field);
  return Number(minor);
}

/** `105400` USD → `"1054.00"`; `1054` JPY → `"1054"`. */
export function formatAmount(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`Minor units must be a safe integer, got ${minor}.`);
  const digits = minorDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const padded = String(Math.abs(minor)).padStart(digits + 1, '0');
  if (digits === 0) return sign + padded;
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}
