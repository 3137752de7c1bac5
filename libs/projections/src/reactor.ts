import type { RecordedEvent } from '@ledger/event-store';
import { LogConsumer } from './log-consumer';
import { Projection } from './read-model';
import { ReadStore } from './read-store.port';

/**
 * A consumer of the log that acts (issues commands) rather than writes rows. Its handling must be
 * idempotent: after a crash, the events since the last checkpoint are handled again.
 */
export interface Reactor {
  readonly name: string;
  handle(event: RecordedEvent): Promise<void>;
}

/** A reactor's checkpoint lives in the read store, as a read model without tables. */
export class ReactorConsumer implements LogConsumer {
  private readonly checkpointHolder: Projection;

  constructor(
    private readonly reactor: Reactor,
    private readonly store: ReadStore,
  ) {
    this.checkpointHolder = { name: reactor.name, version: 1, tables: [], rowsNeeded: () => [], apply: () => undefined };
  }

  get name(): string {
    return this.reactor.name;
  }

  async checkpoint(): Promise<bigint | null> {
    const [current] = await this.store.generations(this.reactor.name);
    if (!current) await this.store.createGeneration(this.checkpointHolder, 1, 'active');
    return current?.checkpoint ?? null;
  }

  /**
   * One event at a time, checkpointed once the batch is handled: a crash hands the batch's events
   * to the reactor again, which its idempotent handling absorbs. A commit per event cost one SQLite
   * transaction for every event of the log, most of which a reactor ignores (npm run bench).
   */
  async process(events: readonly RecordedEvent[]): Promise<void> {
    for (const event of events) await this.reactor.handle(event);
    await this.store.commit(this.checkpointHolder, 1, { puts: new Map(), deletes: new Map() }, events[events.length - 1].position);
  }
}
