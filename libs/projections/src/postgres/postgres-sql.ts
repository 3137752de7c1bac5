import type { Cell, Row, TableSpec } from '../read-model';

/**
 * PostgreSQL binds at most 65,535 parameters per statement; a batch of up to 1,000 events can
 * change more rows than that allows in one INSERT, so rows are written in chunks under it.
 */
const MAX_PARAMETERS = 60_000;

export const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** Schema and role names go into DDL and connection options unquoted-safe: keep them plain. */
export function assertPlainName(name: string, what: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new Error(`${what} must be 1 to 63 lowercase letters, digits or underscores, not starting with a digit: ${name}`);
  }
  return name;
}

/**
 * Turns the port's `?` placeholders into `$1..$n`. A `?` inside a string literal, a quoted
 * identifier or a comment is text, not a placeholder, and is left as it is.
 */
export function numberPlaceholders(sql: string): string {
  let out = '';
  let index = 0;
  for (let at = 0; at < sql.length; ) {
    const skip = literalEnd(sql, at);
    if (skip > at) {
      out += sql.slice(at, skip);
      at = skip;
    } else {
      out += sql[at] === '?' ? `$${++index}` : sql[at];
      at += 1;
    }
  }
  return out;
}

/** End of the literal, quoted identifier or comment starting at `at`; `at` when none starts there. */
function literalEnd(sql: string, at: number): number {
  const char = sql[at];
  if (char === "'" || char === '"') {
    // A doubled quote inside is an escaped quote: the scan just goes on after it.
    let end = at + 1;
    while (end < sql.length && !(sql[end] === char && sql[end + 1] !== char)) end += sql[end] === char ? 2 : 1;
    return Math.min(end + 1, sql.length);
  }
  if (sql.startsWith('--', at)) {
    const end = sql.indexOf('\n', at);
    return end === -1 ? sql.length : end;
  }
  if (sql.startsWith('/*', at)) {
    const end = sql.indexOf('*/', at + 2);
    return end === -1 ? sql.length : end + 2;
  }
  return at;
}

/**
 * Text columns sort by code point (`COLLATE "C"`), as SQLite's default does: the directory's
 * cursors (`account_id > ?`) and ORDER BY then agree on every store whatever the database's
 * locale. Integer columns are BIGINT: amounts in minor units go past 2^31.
 */
export function createTableSql(name: string, spec: TableSpec): string {
  const columns = Object.entries(spec.columns).map(([column, type]) => `${quote(column)} ${type === 'integer' ? 'BIGINT' : 'TEXT COLLATE "C"'}`);
  const primaryKey = spec.primaryKey.map(quote).join(', ');
  return `CREATE TABLE IF NOT EXISTS ${quote(name)} (${columns.join(', ')}, PRIMARY KEY (${primaryKey}))`;
}

/** The table's secondary indexes, built once its generation has caught up (ReadStore.ensureIndexes). */
export function createIndexSql(name: string, spec: TableSpec): string[] {
  return (spec.indexes ?? []).map(
    (columns, index) => `CREATE INDEX IF NOT EXISTS ${quote(`${name}_i${index}`)} ON ${quote(name)} (${columns.map(quote).join(', ')})`,
  );
}

export interface Statement {
  readonly text: string;
  readonly values: Cell[];
}

/** Multi-row upserts: one round trip per chunk instead of one per row. Missing cells are null. */
export function upsertStatements(name: string, spec: TableSpec, rows: readonly Row[]): Statement[] {
  const columns = Object.keys(spec.columns);
  const updates = columns.filter((column) => !spec.primaryKey.includes(column)).map((column) => `${quote(column)} = EXCLUDED.${quote(column)}`);
  const conflict = `ON CONFLICT (${spec.primaryKey.map(quote).join(', ')}) DO ${updates.length ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`;
  return chunks(rows, Math.floor(MAX_PARAMETERS / columns.length)).map((chunk) => {
    const values: Cell[] = [];
    const tuples = chunk.map((row) => `(${columns.map((column) => { values.push(row[column] ?? null); return `$${values.length}`; }).join(', ')})`);
    return { text: `INSERT INTO ${quote(name)} (${columns.map(quote).join(', ')}) VALUES ${tuples.join(', ')} ${conflict}`, values };
  });
}

/** Deletes by primary key, many keys per statement: `WHERE (a, b) IN (($1, $2), ...)`. */
export const deleteStatements = (name: string, spec: TableSpec, keys: readonly (readonly Cell[])[]) =>
  byPrimaryKeys(`DELETE FROM ${quote(name)}`, spec, keys);

/** Loads rows by primary key, many keys per statement, as the deletes find them. */
export const selectStatements = (name: string, spec: TableSpec, keys: readonly (readonly Cell[])[]) =>
  byPrimaryKeys(`SELECT * FROM ${quote(name)}`, spec, keys);

function byPrimaryKeys(head: string, spec: TableSpec, keys: readonly (readonly Cell[])[]): Statement[] {
  const target = `(${spec.primaryKey.map(quote).join(', ')})`;
  return chunks(keys, Math.floor(MAX_PARAMETERS / spec.primaryKey.length)).map((chunk) => {
    const values: Cell[] = [];
    const tuples = chunk.map((key) => `(${key.map((cell) => { values.push(cell); return `$${values.length}`; }).join(', ')})`);
    return { text: `${head} WHERE ${target} IN (${tuples.join(', ')})`, values };
  });
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let at = 0; at < items.length; at += size) result.push(items.slice(at, at + size));
  return result;
}
