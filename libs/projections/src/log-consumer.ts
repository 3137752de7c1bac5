import type { RecordedEvent } from '@ledger/event-store';
import { Projection, Row, rowKey, RowRef } from './read-model';
import { ReadStore } from './read-store.port';
import { RowCache } from './row-cache';
import { BatchWorkingSet } from './working-set';

/** Something fed from the log in batches, in log order, that keeps its own checkpoint. */
export interface LogConsumer {
  readonly name: string;
  checkpoint(): Promise<bigint | null>;
  /** Handles the events and records the last one's position as the checkpoint. */
  process(events: readonly RecordedEvent[]): Promise<void>;
  /**
   * Called once the consumer has applied everything the log held when it started (the first
   * batch shorter than a full one, empty included), before it goes on with new events.
   */
  caughtUp?(): Promise<void>;
}

/** The event a consumer failed on, and why. */
export class EventFailure extends Error {
  constructor(
    readonly event: RecordedEvent,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'EventFailure';
  }
}

/**
 * Feeds a projection's generation: one load of every row the batch needs, the events applied in
 * memory, then one commit of the changed rows with the checkpoint. A failure commits nothing.
 */
export class ReadModelConsumer implements LogConsumer {
  private readonly tables;
  private readonly cache;

  constructor(
    readonly projection: Projection,
    private readonly store: ReadStore,
    readonly generation: number,
  ) {
    this.tables = new Map(projection.tables.map((table) => [table.name, table]));
    this.cache = new RowCache(this.tables);
  }

  get name(): string {
    return this.projection.name;
  }

  async checkpoint(): Promise<bigint | null> {
    // Asked on every start: after a stop, another instance may have written the rows meanwhile.
    this.cache.clear();
    const info = (await this.store.generations(this.projection.name)).find((candidate) => candidate.generation === this.generation);
    return info?.checkpoint ?? null;
  }

  async process(events: readonly RecordedEvent[]): Promise<void> {
    try {
      const rows = new BatchWorkingSet(this.tables);
      const loaded = await this.loadRows(this.rowsNeeded(events), rows);
      for (const event of events) {
        try {
          this.projection.apply(rows, event);
        } catch (error) {
          throw new EventFailure(event, error);
        }
      }
      const changes = rows.changes();
      await this.store.commit(this.projection, this.generation, changes, events[events.length - 1].position);
      this.cache.remember(loaded, rows.changedRows());
    } catch (error) {
      this.cache.clear();
      throw error;
    }
  }

  /** Filled from the start of the log without its secondary indexes, the generation gets them now. */
  async caughtUp(): Promise<void> {
    await this.store.ensureIndexes(this.projection, this.generation);
  }

  /** Seeds the working set from the cache, and from the store for the rows it does not hold. */
  private async loadRows(refs: readonly RowRef[], rows: BatchWorkingSet): Promise<Map<string, Row | null>> {
    const missing: RowRef[] = [];
    for (const ref of refs) {
      const cached = this.cache.get(rowKey(ref.table, ref.key));
      if (cached === undefined) missing.push(ref);
      else rows.seed(ref, cached ?? undefined);
    }
    const found = missing.length === 0 ? new Map<string, Row>() : await this.store.loadRows(this.projection, this.generation, missing);
    const loaded = new Map<string, Row | null>();
    for (const ref of missing) {
      const slot = rowKey(ref.table, ref.key);
      const row = found.get(slot);
      rows.seed(ref, row);
      loaded.set(slot, row ?? null);
    }
    return loaded;
  }

  private rowsNeeded(events: readonly RecordedEvent[]): RowRef[] {
    const unique = new Map<string, RowRef>();
    for (const event of events) {
      try {
        for (const ref of this.projection.rowsNeeded(event)) unique.set(rowKey(ref.table, ref.key), ref);
      } catch (error) {
        throw new EventFailure(event, error);
      }
    }
    return [...unique.values()];
  }
}
