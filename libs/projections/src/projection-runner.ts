import { Logger } from '@nestjs/common';
import type { Database } from 'better-sqlite3';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { SqliteCheckpoints } from './checkpoints';
import { Reactor, SqliteProjection } from './projection';

export type RunnerStatus = 'stopped' | 'running' | 'failed';

export interface RunnerFailure {
  readonly position: string;
  readonly eventType: string;
  readonly error: string;
}

/**
 * Feeds one consumer from the log's catch-up subscription, from its checkpoint onwards, in log
 * order. A projection's rows and checkpoint commit together, so a crash never loses or
 * double-applies an event. An event the consumer throws on stops it as `failed`, with the event's
 * position and the error: it is never skipped silently.
 */
export class ProjectionRunner {
  private readonly logger: Logger;
  private readonly checkpoints: SqliteCheckpoints;
  private readonly process: (event: RecordedEvent) => Promise<void> | void;
  private abort?: AbortController;
  private loop?: Promise<void>;
  private waiters: Array<{ position: bigint; resolve: () => void }> = [];
  status: RunnerStatus = 'stopped';
  failure?: RunnerFailure;

  constructor(
    private readonly store: EventStore,
    db: Database,
    readonly consumer: SqliteProjection | Reactor,
  ) {
    this.logger = new Logger(`Projection ${consumer.name}`);
    this.checkpoints = new SqliteCheckpoints(db);
    if ('apply' in consumer) {
      consumer.setUp(db);
      const applyAndCheckpoint = db.transaction((event: RecordedEvent) => {
        consumer.apply(db, event);
        this.checkpoints.save(consumer.name, event.position);
      });
      this.process = (event) => applyAndCheckpoint(event);
    } else {
      this.process = async (event) => {
        await consumer.handle(event);
        this.checkpoints.save(consumer.name, event.position);
      };
    }
  }

  get name(): string {
    return this.consumer.name;
  }

  checkpoint(): bigint | null {
    return this.checkpoints.get(this.consumer.name);
  }

  start(): void {
    if (this.status === 'running') return;
    this.status = 'running';
    this.failure = undefined;
    this.abort = new AbortController();
    this.loop = this.run(this.abort.signal);
  }

  async stop(): Promise<void> {
    this.abort?.abort();
    await this.loop;
    if (this.status === 'running') this.status = 'stopped';
  }

  /** Resolves true once the consumer has handled `position`, false after `timeoutMs`. */
  async waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    if ((this.checkpoint() ?? -1n) >= position) return true;
    let timer: NodeJS.Timeout | undefined;
    const waiter = { position, resolve: () => {} };
    const reached = new Promise<boolean>((resolve) => {
      waiter.resolve = () => resolve(true);
      this.waiters.push(waiter);
    });
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const result = await Promise.race([reached, timedOut]);
    clearTimeout(timer);
    // A waiter that timed out is dropped, or callers polling a stalled runner would pile them up.
    this.waiters = this.waiters.filter((other) => other !== waiter);
    return result;
  }

  private async run(signal: AbortSignal): Promise<void> {
    let current: RecordedEvent | undefined;
    try {
      for await (const event of this.store.subscribeToAll({ after: this.checkpoint() ?? undefined, signal })) {
        current = event;
        await this.process(event);
        this.release(event.position);
        current = undefined;
      }
      // The subscription ended without being asked to (the store was closed): say so.
      if (!signal.aborted) {
        this.status = 'stopped';
        this.logger.warn('The log subscription ended; the consumer is stopped');
      }
    } catch (error) {
      if (signal.aborted) return;
      this.status = 'failed';
      this.failure = {
        position: current ? String(current.position) : 'subscription',
        eventType: current?.type ?? 'none',
        error: error instanceof Error ? error.message : String(error),
      };
      this.logger.error({ failure: this.failure }, `Stopped on the event at position ${this.failure.position}`);
    }
  }

  private release(position: bigint): void {
    const [ready, waiting] = partition(this.waiters, (waiter) => waiter.position <= position);
    this.waiters = waiting;
    ready.forEach((waiter) => waiter.resolve());
  }
}

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
}
