import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { ProjectionSupervisor } from '@ledger/projections';
import { MetricsRegistry } from './metrics.registry';

/** `standby`: another instance holds the projection's lease and runs it. */
const STATUSES: readonly string[] = ['running', 'stopped', 'failed', 'standby'];

/**
 * Each read model's and reactor's lag and throughput, as GET /admin/projections reports them.
 * Set from the supervisor's status on each scrape (`refresh`), not kept up to date in between:
 * a scrape every few seconds costs one status read, a gauge per applied batch would cost more.
 */
@Injectable()
export class ProjectionMetrics {
  private readonly lagEvents: Gauge<'projection'>;
  private readonly lagSeconds: Gauge<'projection'>;
  private readonly throughput: Gauge<'projection'>;
  private readonly checkpoint: Gauge<'projection'>;
  private readonly status: Gauge<'projection' | 'status'>;

  constructor(
    private readonly supervisor: ProjectionSupervisor,
    metrics: MetricsRegistry,
  ) {
    const gauge = <L extends string>(name: string, help: string, labelNames: L[]) =>
      new Gauge<L>({ name, help, labelNames, registers: [metrics.registry] });
    this.lagEvents = gauge('ledger_projection_lag_events', 'Events in the log not applied yet (counted up to 10,000)', ['projection']);
    this.lagSeconds = gauge('ledger_projection_lag_seconds', 'Age of the oldest event not applied yet; 0 when caught up', ['projection']);
    this.throughput = gauge('ledger_projection_events_per_second', 'Events applied per second, recently', ['projection']);
    this.checkpoint = gauge('ledger_projection_checkpoint', 'Log position of the last event applied', ['projection']);
    this.status = gauge('ledger_projection_status', '1 for the state each projection is in (running, stopped, failed, standby)', ['projection', 'status']);
  }

  async refresh(): Promise<void> {
    const statuses = await this.supervisor.status();
    for (const gauge of [this.lagEvents, this.lagSeconds, this.throughput, this.checkpoint, this.status]) gauge.reset();
    for (const { name: projection, ...status } of statuses) {
      this.lagEvents.set({ projection }, status.lagEvents);
      this.lagSeconds.set({ projection }, status.lagMs / 1000);
      this.throughput.set({ projection }, status.eventsPerSecond);
      this.checkpoint.set({ projection }, status.checkpoint === null ? 0 : Number(status.checkpoint));
      for (const state of STATUSES) this.status.set({ projection, status: state }, status.status === state ? 1 : 0);
    }
  }
}
