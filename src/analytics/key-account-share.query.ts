import { invalid } from '@ledger/decider';
import type { Cell, ReadStore } from '@ledger/projections';
import { formatAmount } from '../deals/domain/money';
import { KEY_ACCOUNT_SHARE_TABLES, keyAccountShareProjection } from './key-account-share.projection';

export type KeyAccountShareGrouping = 'month' | 'quarter' | 'year' | 'none';

export interface KeyAccountShareParams {
  /** Inclusive. A date (`2017-01-01`) means from its first instant (UTC). */
  readonly from?: string;
  /** Inclusive. A date (`2017-12-31`) means up to the end of that whole day (UTC). */
  readonly to?: string;
  readonly groupBy: KeyAccountShareGrouping;
  readonly region?: string;
  readonly sector?: string;
  /** Only deals in this currency are summed (the reporting currency: no FX yet). */
  readonly currency: string;
}

export interface KeyAccountShareFigures {
  /** Decimal string, e.g. `"1054.00"`. */
  readonly wonValue: string;
  readonly keyWonValue: string;
  /** keyWonValue / wonValue, from 0 to 1, rounded to 4 decimals; 0 when nothing was won. */
  readonly share: number;
}

export interface KeyAccountSharePeriod extends KeyAccountShareFigures {
  /** `2017`, `2017-Q1` or `2017-03`. */
  readonly period: string;
}

export interface KeyAccountShare {
  readonly currency: string;
  readonly total: KeyAccountShareFigures;
  /** Ascending, only periods with won deals; empty for `groupBy: 'none'` (the total is the answer). */
  readonly periods: readonly KeyAccountSharePeriod[];
}

/** One CSV line: a period, or the final `total`. */
export interface KeyAccountShareCsvRow {
  readonly period: string;
  readonly wonValue: string;
  readonly keyWonValue: string;
  readonly share: number;
}

type Sums = { won: number; key: number };
type MonthRow = { closed_month: string; won_minor: Cell; key_minor: Cell };

/**
 * Won value and key-account won value over a date range. A deal is key-account sales when its
 * account was key at the deal's close date, by the designations known now. SQL sums by month
 * (portable: `?` placeholders, `substr`, `CASE`, `EXISTS`); quarters and years are rolled up here.
 */
export async function queryKeyAccountShare(store: ReadStore, generation: number, params: KeyAccountShareParams): Promise<KeyAccountShare> {
  const months = await monthlySums(store, generation, params);
  const periods = new Map<string, Sums>();
  const total: Sums = { won: 0, key: 0 };
  for (const { month, won, key } of months) {
    total.won += won;
    total.key += key;
    if (params.groupBy === 'none') continue;
    const label = periodOf(month, params.groupBy);
    const sums = periods.get(label) ?? { won: 0, key: 0 };
    periods.set(label, { won: sums.won + won, key: sums.key + key });
  }
  return {
    currency: params.currency,
    total: figures(total, params.currency),
    periods: [...periods]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([period, sums]) => ({ period, ...figures(sums, params.currency) })),
  };
}

/** The result as flat CSV records: one per period, then a `total` row. */
export function keyAccountShareCsvRows(result: KeyAccountShare): KeyAccountShareCsvRow[] {
  const row = (period: string, { wonValue, keyWonValue, share }: KeyAccountShareFigures) => ({ period, wonValue, keyWonValue, share });
  return [...result.periods.map((period) => row(period.period, period)), row('total', result.total)];
}

async function monthlySums(store: ReadStore, generation: number, params: KeyAccountShareParams) {
  const table = (name: string) => `"${store.tableName(keyAccountShareProjection.name, name, generation)}"`;
  const { where, values } = conditions(params);
  // The key flag is computed per deal in a derived table and summed outside it: some
  // dialects refuse a subquery inside an aggregate's argument.
  const sql = `SELECT closed_month, SUM(amount_minor) AS won_minor,
      SUM(CASE WHEN is_key = 1 THEN amount_minor ELSE 0 END) AS key_minor
    FROM (
      SELECT substr(d.closed_at, 1, 7) AS closed_month, d.amount_minor AS amount_minor,
        CASE WHEN EXISTS (
          SELECT 1 FROM ${table(KEY_ACCOUNT_SHARE_TABLES.keyPeriods)} p
          WHERE p.account_id = d.account_id AND p.starts_at <= d.closed_at
            AND (p.ends_at IS NULL OR d.closed_at < p.ends_at)
        ) THEN 1 ELSE 0 END AS is_key
      FROM ${table(KEY_ACCOUNT_SHARE_TABLES.wonDeals)} d
      LEFT JOIN ${table(KEY_ACCOUNT_SHARE_TABLES.accounts)} a ON a.account_id = d.account_id
      WHERE ${where.join(' AND ')}
    ) deals
    GROUP BY closed_month
    ORDER BY closed_month`;
  const rows = await store.query<MonthRow>(sql, values);
  // PostgreSQL returns SUM of integers as a string (bigint/numeric): Number() reads both.
  return rows.map((row) => ({ month: row.closed_month, won: Number(row.won_minor), key: Number(row.key_minor) }));
}

function conditions(params: KeyAccountShareParams): { where: string[]; values: Cell[] } {
  const where = ['d.currency = ?'];
  const values: Cell[] = [params.currency];
  if (params.from !== undefined) {
    where.push('d.closed_at >= ?');
    values.push(utc(params.from, 'from'));
  }
  if (params.to !== undefined) {
    const end = endOf(params.to);
    where.push(end.inclusive ? 'd.closed_at <= ?' : 'd.closed_at < ?');
    values.push(end.at);
  }
  if (params.region !== undefined) {
    where.push('a.region = ?');
    values.push(params.region);
  }
  if (params.sector !== undefined) {
    where.push('a.sector = ?');
    values.push(params.sector);
  }
  return { where, values };
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A date-only `to` covers its whole day: deals before the next midnight (UTC). A timestamp is inclusive. */
function endOf(to: string): { at: string; inclusive: boolean } {
  const at = utc(to, 'to');
  if (!DATE_ONLY.test(to)) return { at, inclusive: true };
  return { at: new Date(Date.parse(at) + DAY_MS).toISOString(), inclusive: false };
}

// Stored times are `toISOString()` forms, so bounds must be too for text comparison to hold.
function utc(time: string, field: string): string {
  const instant = Date.parse(time);
  if (Number.isNaN(instant)) throw invalid(`${field}-invalid`, `${field} must be an ISO 8601 date or time.`, field);
  return new Date(instant).toISOString();
}

function periodOf(month: string, groupBy: Exclude<KeyAccountShareGrouping, 'none'>): string {
  const year = month.slice(0, 4);
  if (groupBy === 'year') return year;
  if (groupBy === 'month') return month;
  return `${year}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

function figures({ won, key }: Sums, currency: string): KeyAccountShareFigures {
  // Rounded to 4 decimals (a percentage to two places): enough for a chart, stable in tests.
  const share = won === 0 ? 0 : Math.round((key / won) * 10_000) / 10_000;
  return { wonValue: formatAmount(won, currency), keyWonValue: formatAmount(key, currency), share };
}
