import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { EVENT_STORE, EventStore, WrongExpectedRevisionError } from '@ledger/event-store';
import { Counter, Histogram } from 'prom-client';
import { LATENCY_BUCKETS, MetricsRegistry } from './metrics.registry';

/**
 * Times every append to the log and counts the events written by type. It wraps the app's one
 * EventStore instance (the port has no hooks), so it measures whichever adapter is configured
 * and every writer in the process, without the adapters knowing of metrics.
 */
@Injectable()
export class AppendMetrics implements OnModuleInit {
  private readonly latency: Histogram<'outcome'>;
  private readonly appended: Counter<'type'>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    metrics: MetricsRegistry,
  ) {
    this.latency = new Histogram({
      name: 'ledger_event_store_append_duration_seconds',
      help: 'Time of one append to the event store, by outcome (ok, conflict: a lost revision race, error)',
      labelNames: ['outcome'],
      buckets: LATENCY_BUCKETS,
      registers: [metrics.registry],
    });
    this.appended = new Counter({
      name: 'ledger_events_appended_total',
      help: 'Events written to the log by this process, by event type',
      labelNames: ['type'],
      registers: [metrics.registry],
    });
  }

  onModuleInit(): void {
    const append = this.store.appendToStream.bind(this.store);
    this.store.appendToStream = async (stream, events, options) => {
      const stop = this.latency.startTimer();
      try {
        const result = await append(stream, events, options);
        stop({ outcome: 'ok' });
        for (const event of events) this.appended.inc({ type: event.type });
        return result;
      } catch (error) {
        stop({ outcome: error instanceof WrongExpectedRevisionError ? 'conflict' : 'error' });
        throw error;
      }
    };
  }
}
