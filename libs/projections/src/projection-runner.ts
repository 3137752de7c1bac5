import { Logger } from '@nestjs/common';
// The next turn of the event loop: what waits (I/O, timers) runs before the promise settles.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { EventFailure, LogConsumer } from './log-consumer';
import { ThroughputMeter } from './throughput-meter';

export type RunnerStatus = 'stopped' | 'running' | 'failed';

export interface RunnerFailure {
  /** The event's position; `subscription` when reading the log failed, `caught-up` when LogConsumer.caughtUp did. */
  readonly position: string;
  readonly eventType: string;
  readonly error: string;
  readonly at: string;
}

/**
 * Events applied in one transaction at most; a replay commits every this many events. A batch
 * holds the event loop while it is applied, so this is also how long a catch-up or a rebuild
 * makes the commands beside it wait (npm run bench -- --only 7: the mix sent evenly at 300/s
 * while the read models of a 100,000-event log are rebuilt in turn). With 4,096 the commands had
 * a p50 of 66 and 87 ms and a p99 of 312 and 739 ms (2 and 41 to 64 ms alone); with 1,024, 24 and
 * 25 ms and 94 and 95 ms, the rebuilds a little slower beside them (8 in 10 s against 9). Alone,
 * the rebuild of 1,000,000 events (npm run bench, 3.) took as long: 10.0 to 10.7 s against 9.7
 * to 11.2 s in four pairs; with 512, 11.9 and 12.3 s. Beside commands, a full batch now goes in
 * slices (below).
 */
const MAX_BATCH = 1024;
/**
 * Events applied in one transaction at most while the log grows under a catch-up (commands are
 * being written beside a rebuild): a full batch is then applied in slices of this many, a turn of
 * the event loop apart, so a command waits for a slice rather than a batch. On a quiet log (a
 * service started on a long one) the batch goes in whole, as smaller transactions cost a rebuild
 * time (with batches of 512 it was 15 % slower). Measure 7, three pairs: p50 during rebuilds 16.9
 * to 18.1 ms became 6.7 to 8.6 ms, p99 89 to 123 ms became 65 to 103 ms; the rebuild of 1,000,019
 * events alone was not slower.
 */
const SLICE_WHILE_LOG_GROWS = 256;
const NEXT_TICK = Symbol('next tick');
/**
 * After a batch that emptied the log (live), the runner lets events gather this long before it
 * reads again. Under load each batch then carries the events of those milliseconds, not one or
 * two: every batch costs every read model a transaction, and at 1,000 to 4,000 commands a second
 * those commits were half of the service's time (npm run bench, measure 1). The price is up to
 * this much staleness, against a freshness target of 100 ms.
 */
const LIVE_GATHER_MS = 5;

/**
 * Feeds one consumer from the log's catch-up subscription, from its checkpoint, in log order, in
 * batches of what the subscription has ready. The consumer commits rows and checkpoint together,
 * so a crash never loses or double-applies an event. A batch the consumer throws on stops the
 * runner as `failed`, naming the event and the error: nothing is skipped silently.
 */
export class ProjectionRunner {
  private readonly logger: Logger;
  private abort?: AbortController;
  private loop?: Promise<void>;
  private waiters: Array<{ position: bigint; resolve: () => void }> = [];
  private readonly meter = new ThroughputMeter();
  private lastPosition: bigint | null = null;
  /** The log's head when the last full batch was read (undefined: none read yet). */
  private headAtLastBatch: bigint | null | undefined;
  status: RunnerStatus = 'stopped';
  failure?: RunnerFailure;
  /** True once the consumer has applied what the log held when the runner first started (LogConsumer.caughtUp). */
  hasCaughtUp = false;

  constructor(
    private readonly store: EventStore,
    readonly consumer: LogConsumer,
  ) {
    this.logger = new Logger(`Projection ${consumer.name}`);
  }

  get name(): string {
    return this.consumer.name;
  }

  /** Position of the last event applied (as committed). */
  checkpoint(): bigint | null {
    return this.lastPosition;
  }

  eventsPerSecond(): number {
    return this.meter.perSecond();
  }

  async start(): Promise<void> {
    if (this.status === 'running') return;
    await this.loop;
    this.lastPosition = await this.consumer.checkpoint();
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

  /** Resolves true once the consumer has applied `position`, false after `timeoutMs`. */
  async waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    if ((this.lastPosition ?? -1n) >= position) return true;
    let timer: NodeJS.Timeout | undefined;
    const waiter = { position, resolve: () => undefined as void };
    const reached = new Promise<boolean>((resolve) => {
      waiter.resolve = () => resolve(true);
      this.waiters.push(waiter);
    });
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const result = await Promise.race([reached, timedOut]);
    clearTimeout(timer);
    if (!result) this.waiters = this.waiters.filter((candidate) => candidate !== waiter);
    return result;
  }

  private async run(signal: AbortSignal): Promise<void> {
    let batch: readonly RecordedEvent[] = [];
    try {
      const reader = this.batches(signal);
      while (!reader.ended) {
        // At the head already (an empty log, or one read to its end in full batches): the reader
        // would wait for a new event before it says so.
        if (!this.hasCaughtUp && (await this.atHead())) await this.markCaughtUp();
        const page = await reader.next();
        for (const [index, slice] of (await this.slices(page)).entries()) {
          if (index > 0) await nextTurn();
          // Stopped between slices: the rest of the page is not applied, so nothing after it may be.
          if (signal.aborted) return;
          batch = slice;
          await this.apply(batch);
        }
        // Committed: a failure of the subscription from here on is not this batch's.
        const live = page.length < MAX_BATCH;
        batch = [];
        if (live && !this.hasCaughtUp) await this.markCaughtUp();
        // Catching up, every runner takes one batch per turn of the event loop, so they move in
        // step and share each page of the log (a runner with more awaits per batch, such as a
        // reactor, would otherwise fall behind and read every page again on its own).
        await (live ? pause(LIVE_GATHER_MS, signal) : nextTurn());
      }
      // The subscription ended without being asked to (the store was closed): say so.
      if (!signal.aborted) {
        this.status = 'stopped';
        this.logger.warn('The log subscription ended; the consumer is stopped');
      }
    } catch (error) {
      if (signal.aborted) return;
      this.fail(error, batch);
    }
  }

  /**
   * The batch as it is applied: whole, or in slices of SLICE_WHILE_LOG_GROWS when it is a full
   * batch of a catch-up and the log has grown since the last one (others are writing, and waiting
   * for the event loop).
   */
  private async slices(batch: readonly RecordedEvent[]): Promise<(readonly RecordedEvent[])[]> {
    if (batch.length < MAX_BATCH) {
      this.headAtLastBatch = undefined;
      return batch.length === 0 ? [] : [batch];
    }
    const head = await this.store.headPosition();
    const grown = this.headAtLastBatch !== undefined && head !== this.headAtLastBatch;
    this.headAtLastBatch = head;
    if (!grown) return [batch];
    const slices: (readonly RecordedEvent[])[] = [];
    for (let start = 0; start < batch.length; start += SLICE_WHILE_LOG_GROWS) slices.push(batch.slice(start, start + SLICE_WHILE_LOG_GROWS));
    return slices;
  }

  private async atHead(): Promise<boolean> {
    const head = await this.store.headPosition();
    return head === null || (this.lastPosition ?? 0n) >= head;
  }

  private async markCaughtUp(): Promise<void> {
    try {
      await this.consumer.caughtUp?.();
    } catch (error) {
      throw new CaughtUpFailure(error);
    }
    this.hasCaughtUp = true;
  }

  /** Pages straight from a store that offers them (shared with the other runners), else cut from the event stream. */
  private batches(signal: AbortSignal): { ended: boolean; next(): Promise<readonly RecordedEvent[]> } {
    const after = this.lastPosition ?? undefined;
    if (!this.store.subscribeToAllInPages) return new BatchReader(this.store.subscribeToAll({ after, signal })[Symbol.asyncIterator]());
    const pages = this.store.subscribeToAllInPages({ after, signal, maxCount: MAX_BATCH })[Symbol.asyncIterator]();
    const reader = {
      ended: false,
      async next(): Promise<readonly RecordedEvent[]> {
        const page = await pages.next();
        reader.ended = page.done === true;
        return page.done ? [] : page.value;
      },
    };
    return reader;
  }

  private async apply(batch: readonly RecordedEvent[]): Promise<void> {
    await this.consumer.process(batch);
    const last = batch[batch.length - 1].position;
    this.lastPosition = last;
    this.meter.record(batch.length);
    const [ready, waiting] = partition(this.waiters, (waiter) => waiter.position <= last);
    this.waiters = waiting;
    ready.forEach((waiter) => waiter.resolve());
  }

  private fail(error: unknown, batch: readonly RecordedEvent[]): void {
    const event = error instanceof EventFailure ? error.event : batch[0];
    this.status = 'failed';
    this.failure = {
      position: event ? String(event.position) : error instanceof CaughtUpFailure ? 'caught-up' : 'subscription',
      eventType: event?.type ?? 'none',
      error: describeError(error),
      at: new Date().toISOString(),
    };
    this.logger.error({ failure: this.failure }, `Read model stopped at the event at position ${this.failure.position}`);
  }
}

/** What the consumer did once caught up (building its indexes) failed: no event is to blame. */
class CaughtUpFailure extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'CaughtUpFailure';
  }
}

/**
 * Cuts a subscription into batches: the next event (waiting for it if need be), then whatever the
 * subscription already has ready, up to MAX_BATCH. During a replay batches are full; when live,
 * an event is applied as soon as it comes.
 */
class BatchReader {
  private pending?: Promise<IteratorResult<RecordedEvent>>;
  ended = false;

  constructor(private readonly events: AsyncIterator<RecordedEvent>) {}

  async next(): Promise<RecordedEvent[]> {
    const batch: RecordedEvent[] = [];
    const first = await (this.pending ?? this.events.next());
    this.pending = undefined;
    if (first.done) return this.end(batch);
    batch.push(first.value);
    while (batch.length < MAX_BATCH) {
      const next = this.events.next();
      const ready = await Promise.race([next, nextTurn(NEXT_TICK)]);
      if (ready === NEXT_TICK) {
        this.pending = next; // nothing ready now: keep waiting for it in the next batch
        break;
      }
      if (ready.done) return this.end(batch);
      batch.push(ready.value);
    }
    return batch;
  }

  private end(batch: RecordedEvent[]): RecordedEvent[] {
    this.ended = true;
    return batch;
  }
}

/**
 * The error's message, led by its code when it has one that the message does not name
 * (`SQLITE_FULL: database or disk is full`): the code is what tells a full disk or a read-only file
 * from a bug in the projection, and what an operator searches for.
 */
function describeError(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  const text = typeof message === 'string' ? message : String(error);
  const cause = error instanceof EventFailure || error instanceof CaughtUpFailure ? error.cause : error;
  const code = (cause as { code?: unknown } | null)?.code;
  return typeof code === 'string' && !text.includes(code) ? `${code}: ${text}` : text;
}

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
}

/** Waits `ms`, or less if the signal aborts first. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
