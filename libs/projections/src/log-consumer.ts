import type { RecordedEvent } from '@ledger/event-store';
import { Projection, rowKey, RowRef } from './read-model';
import { ReadStore } from './read-store.port';
import { BatchWorkingSet } from './working-set';

/** Something fed from the log in batches, in log order, that keeps its own checkpoint. */
export interface LogConsumer {
  readonly name: string;
  checkpoint(): Promise<bigint | null>;
  /** Handles the events and records the last one's position as the checkpoint. */
  process(events: readonly RecordedEvent[]): Promise<void>;
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

  constructor(
    readonly projection: Projection,
    private readonly store: ReadStore,
    readonly generation: number,
  ) {
    this.tables = new Map(projection.tables.map((table) => [table.name, table]));
  }

  get name(): string {
    return this.projection.name;
  }

  async checkpoint(): Promise<bigint | null> {
    const info = (await this.store.generations(this.projection.name)).find((candidate) => candidate.generation === this.generation);
    return info?.checkpoint ?? null;
  }

  async process(events: readonly RecordedEvent[]): Promise<void> {
    const rows = new BatchWorkingSet(this.tables);
    const refs = this.rowsNeeded(events);
    const loaded = await this.store.loadRows(this.projection, this.generation, refs);
    for (const ref of refs) rows.seed(ref, loaded.get(rowKey(ref.table, ref.key)));
    for (const event of events) {
      try {
        this.projection.apply(rows, event);
      } catch (error) {
        throw new EventFailure(event, error);
      }
    }
    await this.store.commit(this.projection, this.generation, rows.changes(), events[events.length - 1].position);
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
