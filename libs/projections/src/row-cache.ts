import { Cell, Row, TableSpec } from './read-model';
import { ChangedRow } from './working-set';

/** Rows kept between batches: those read back (accounts, managers) of a large book; bounded for the heap cap (npm start). */
const MAX_ROWS = 50_000;

/**
 * A read model's rows as its last batches left them, so that the next batch loads from the store
 * only the rows it has not seen: a rebuild otherwise reads back, batch after batch, the same
 * managers' and accounts' rows it has just written. Only the runner of a generation writes its
 * rows, so what it committed is what the store holds; the cache is emptied whenever that could
 * be untrue (a failed batch, a restart, a lease taken back from another instance).
 */
export class RowCache {
  private readonly rows = new Map<string, Row | null>();

  constructor(private readonly tables: ReadonlyMap<string, TableSpec>) {}

  /** The row as committed (`null`: known not to exist), or `undefined` when not kept. */
  get(slot: string): Row | null | undefined {
    return this.rows.get(slot);
  }

  /** After a commit: the rows loaded for the batch, then what the batch changed. */
  remember(loaded: ReadonlyMap<string, Row | null>, changed: ReadonlyMap<string, ChangedRow>): void {
    // Emptied rather than evicted one by one: cheaper, and a full cache is rare.
    if (this.rows.size + loaded.size > MAX_ROWS) this.rows.clear();
    for (const [slot, row] of loaded) this.rows.set(slot, row);
    // Only rows a batch has asked for are kept: most rows are written once and never read back
    // (a won deal, a deal's stream), and keeping them cost memory and time for nothing.
    for (const [slot, { table, row }] of changed) {
      if (this.rows.has(slot)) this.rows.set(slot, row && asStored(this.tables.get(table)!, row));
    }
  }

  clear(): void {
    this.rows.clear();
  }
}

/**
 * The row as the store gives it back: every column present (a missing one is NULL), and a value
 * of the other type converted as the column's type converts it (SQLite's affinity), so a batch
 * reading the cached row sees what it would have loaded.
 */
function asStored(spec: TableSpec, row: Row): Row {
  const stored: Record<string, Cell> = {};
  for (const [column, type] of Object.entries(spec.columns)) {
    const value = row[column] ?? null;
    if (type === 'text' && typeof value === 'number') stored[column] = String(value);
    else if (type === 'integer' && typeof value === 'string' && /^-?\d+$/.test(value)) stored[column] = Number(value);
    else stored[column] = value;
  }
  return stored;
}
