import { Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { ProblemException } from '@ledger/http-kit';
import { ProjectionSupervisor, READ_STORE, ReadStore } from '@ledger/projections';

/** A store that has not answered by then counts as down: a load balancer's probe will not wait longer. */
export const READINESS_TIMEOUT_MS = 2000;

type Check = { status: 'ok' } | { status: 'unavailable' };

export interface ReadinessReport {
  /** `degraded`: the stores answer, so commands and most queries work, but a projection has failed. */
  readonly status: 'ok' | 'degraded' | 'unavailable';
  readonly eventStore: Check & { head?: string | null };
  readonly readStore: Check;
  /** Each read model's and reactor's state: running, stopped, failed, or standby (run by another instance). */
  readonly projections: Record<string, string>;
}

/**
 * Whether this instance should receive traffic. Only the stores decide: without them nothing
 * works. A failed projection does not: taking the instance out of the load balancer would stop
 * the commands too, and every instance shares the same failed read model anyway. It is reported
 * (`degraded`) for the operators, whose fix is GET /admin/projections and a restart.
 */
@Injectable()
export class Readiness {
  private readonly logger = new Logger('Readiness');

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly supervisor: ProjectionSupervisor,
  ) {}

  async report(): Promise<ReadinessReport> {
    const names = this.supervisor.names();
    const [head, readStore] = await Promise.all([
      this.probe('event store', () => this.eventStore.headPosition()),
      // The read store's own bookkeeping: a real query, and a cheap one.
      this.probe('read store', () => this.readStore.generations(names[0] ?? 'none')),
    ]);
    const projections = Object.fromEntries(names.map((name) => [name, this.stateOf(name)]));
    const storesUp = head.status === 'ok' && readStore.status === 'ok';
    const failed = Object.values(projections).includes('failed');
    return {
      status: !storesUp ? 'unavailable' : failed ? 'degraded' : 'ok',
      eventStore: head.status === 'ok' ? { status: 'ok', head: head.value === null ? null : String(head.value) } : { status: 'unavailable' },
      readStore: { status: readStore.status },
      projections,
    };
  }

  /** The runner's state here; `standby` where another instance holds the lease (its status is not this one's to report). */
  private stateOf(name: string): string {
    return this.supervisor.runsHere(name) ? this.supervisor.runner(name).status : 'standby';
  }

  /** Runs a check with a deadline. The error is logged, never answered: /health is public. */
  private async probe<T>(what: string, check: () => Promise<T>): Promise<{ status: 'ok'; value: T } | { status: 'unavailable' }> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${READINESS_TIMEOUT_MS} ms`)), READINESS_TIMEOUT_MS);
    });
    try {
      return { status: 'ok', value: await Promise.race([check(), deadline]) };
    } catch (error) {
      this.logger.warn({ err: error }, `Not ready: the ${what} does not answer`);
      return { status: 'unavailable' };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** 503 problem+json that still carries the report, so a probe's log says which store is down. */
export class NotReadyProblem extends ProblemException {
  constructor(private readonly report: ReadinessReport) {
    super(503, 'not-ready', 'The service cannot take requests: a store does not answer', undefined, undefined, { 'Retry-After': '5' });
  }

  override toProblem(instance?: string) {
    const { eventStore, readStore, projections } = this.report;
    return { ...super.toProblem(instance), checks: { eventStore, readStore, projections } };
  }
}
