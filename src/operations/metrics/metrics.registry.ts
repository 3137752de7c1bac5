import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * This app's Prometheus metrics: the service's own (`ledger_*`) and prom-client's process and
 * Node.js metrics under their usual names. A registry per app rather than prom-client's global
 * one: a test process starts several apps, and each must count only its own work.
 */
@Injectable()
export class MetricsRegistry implements OnApplicationShutdown {
  readonly registry = new Registry();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  onApplicationShutdown(): void {
    this.registry.clear();
  }
}

/** Seconds; from 1 ms (an embedded append) to 10 s (a request waiting for a read model). */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
