import type { RecordedEvent } from '@ledger/event-store';

/** A read-model cell: read models hold plain text and numbers, so every store can keep them. */
export type Cell = string | number | null;
export type Row = Readonly<Record<string, Cell>>;

/** A read-model table, declared so that each read store can create it in its own dialect. */
export interface TableSpec {
  readonly name: string;
  readonly columns: Readonly<Record<string, 'text' | 'integer'>>;
  readonly primaryKey: readonly string[];
  readonly indexes?: readonly (readonly string[])[];
}

/** A row by its primary key values, in the order of the table's primary key. */
export interface RowRef {
  readonly table: string;
  readonly key: readonly Cell[];
}

/**
 * One string per row, for maps keyed by row. Most keys are one text (an id), written as it is:
 * `JSON.stringify` of every key showed in a rebuild's profile. The two forms have their own
 * separator after the table's name, so a text that looks like JSON names no other row.
 */
export const rowKey = (table: string, key: readonly Cell[]): string =>
  key.length === 1 ? oneCellRowKey(table, key[0]) : `${table}\u0000${JSON.stringify(key)}`;

/** `rowKey(table, [cell])`, without the array. */
export const oneCellRowKey = (table: string, cell: Cell): string =>
  typeof cell === 'string' ? `${table}\u0001${cell}` : `${table}\u0000${JSON.stringify([cell])}`;

/**
 * The rows a batch of events works on: those the projection said it needs (loaded before the
 * batch), and those it wrote since. Reading any other row is a bug in the projection, and throws.
 */
export interface WorkingSet {
  get(table: string, key: readonly Cell[]): Row | undefined;
  /** Writes the whole row (insert or replace). */
  put(table: string, row: Row): void;
  delete(table: string, key: readonly Cell[]): void;
}

/**
 * A read model: the tables it owns and how each event changes them. Projections never see the
 * database: they declare the rows an event needs and change them in a working set, so the same
 * projection runs on SQLite or PostgreSQL, and a whole batch costs one load and one commit.
 */
export interface Projection {
  readonly name: string;
  /** Bump when the tables or the meaning of the rows change: the read model is then rebuilt. */
  readonly version: number;
  readonly tables: readonly TableSpec[];
  /** The rows `apply` will read for this event. */
  rowsNeeded(event: RecordedEvent): readonly RowRef[];
  /** Applies one event. Throwing marks the read model failed at this event. */
  apply(rows: WorkingSet, event: RecordedEvent): void;
}
