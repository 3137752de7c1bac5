import { Cell, oneCellRowKey, Row, RowRef, rowKey, TableSpec, WorkingSet } from './read-model';

/** What a batch changed, table by table: whole rows to write and keys to delete. */
export interface RowChanges {
  readonly puts: ReadonlyMap<string, Row[]>;
  readonly deletes: ReadonlyMap<string, (readonly Cell[])[]>;
  /**
   * For a row of `puts` that the store held before the batch, as the batch loaded it: a store may
   * then write only the columns that differ, or nothing when none does. Rows the batch did not
   * load (written blind, such as inserts) are not here.
   */
  readonly stored?: ReadonlyMap<Row, Row>;
}

/** A row a batch wrote (`row`, whose columns hold its key) or deleted (`key`, `row: null`). */
export type ChangedRow =
  | { readonly table: string; readonly key: null; readonly row: Row }
  | { readonly table: string; readonly key: readonly Cell[]; readonly row: null };

/** The in-memory rows of one batch: loaded rows plus the batch's own writes, in order. */
export class BatchWorkingSet implements WorkingSet {
  private readonly rows = new Map<string, Row | null>();
  private readonly changed = new Map<string, ChangedRow>();
  /** The rows loaded as existing, as loaded: what the store holds of them before the batch. */
  private readonly seeded = new Map<string, Row>();

  constructor(private readonly tables: ReadonlyMap<string, TableSpec>) {}

  /** Records a row as loaded (`undefined`: it does not exist). */
  seed(ref: RowRef, row: Row | undefined): void {
    const slot = rowKey(ref.table, ref.key);
    this.rows.set(slot, row ?? null);
    if (row) this.seeded.set(slot, row);
  }

  isKnown(ref: RowRef): boolean {
    return this.rows.has(rowKey(ref.table, ref.key));
  }

  get(table: string, key: readonly Cell[]): Row | undefined {
    const slot = rowKey(table, key);
    if (!this.rows.has(slot)) {
      throw new Error(`Read ${table} ${JSON.stringify(key)} without declaring it in rowsNeeded`);
    }
    return this.rows.get(slot) ?? undefined;
  }

  put(table: string, row: Row): void {
    const { primaryKey } = this.spec(table);
    // A one-column key (most tables) without an array: a rebuild puts a row for nearly every event.
    const slot = primaryKey.length === 1 ? oneCellRowKey(table, keyCell(table, row, primaryKey[0])) : rowKey(table, primaryKey.map((column) => keyCell(table, row, column)));
    this.rows.set(slot, row);
    this.changed.set(slot, { table, key: null, row });
  }

  delete(table: string, key: readonly Cell[]): void {
    this.spec(table);
    const slot = rowKey(table, key);
    this.rows.set(slot, null);
    this.changed.set(slot, { table, key, row: null });
  }

  /** What the batch changed, by the rows' keys (`rowKey`), in the order of their first change. */
  changedRows(): ReadonlyMap<string, ChangedRow> {
    return this.changed;
  }

  changes(): RowChanges {
    const puts = new Map<string, Row[]>();
    const deletes = new Map<string, (readonly Cell[])[]>();
    for (const change of this.changed.values()) {
      if (change.row) append(puts, change.table, change.row);
      else append(deletes, change.table, change.key);
    }
    // From the few rows loaded, not the many changed: a rebuild puts a row for nearly every event.
    const stored = new Map<Row, Row>();
    for (const [slot, before] of this.seeded) {
      const row = this.changed.get(slot)?.row;
      if (row) stored.set(row, before);
    }
    return { puts, deletes, stored };
  }

  private spec(table: string): TableSpec {
    const spec = this.tables.get(table);
    if (!spec) throw new Error(`Unknown read-model table ${table}`);
    return spec;
  }
}

function keyCell(table: string, row: Row, column: string): Cell {
  const value = row[column];
  if (value === undefined || value === null) throw new Error(`${table}: primary key column ${column} is empty`);
  return value;
}

function append<T>(map: Map<string, T[]>, table: string, item: T): void {
  const list = map.get(table);
  if (list) list.push(item);
  else map.set(table, [item]);
}
