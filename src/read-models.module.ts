import { BeforeApplicationShutdown, Global, Inject, Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { PROJECTION_LEASES, ProjectionLeases, ProjectionSupervisor, READ_STORE, ReadStore } from '@ledger/projections';
import { ProblemException } from '@ledger/http-kit';

/** Whether this process runs the read models and reactors (the server does; the CLI does not). */
export const RUN_PROJECTIONS = Symbol('RUN_PROJECTIONS');

/** How long a query with `minPosition` (within the log) waits for its read model before answering 503. */
export const READ_YOUR_WRITES_WAIT_MS = 5000;

/** Starts every registered projection once all modules have registered theirs, and stops them first. */
@Injectable()
export class ProjectionLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly supervisor: ProjectionSupervisor,
    @Inject(RUN_PROJECTIONS) private readonly runProjections: boolean,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Two processes applying the same read model would apply its events twice.
    if (this.runProjections) await this.supervisor.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.runProjections) await this.supervisor.stop();
  }
}

/** Read-your-writes: waits until a read model has applied the position a command answered with. */
@Injectable()
export class Freshness {
  constructor(
    private readonly supervisor: ProjectionSupervisor,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
  ) {}

  async ensure(projection: string, minPosition: string | undefined): Promise<void> {
    if (minPosition === undefined) return;
    if (!/^\d{1,20}$/.test(minPosition)) {
      throw new ProblemException(400, 'invalid-min-position', 'minPosition must be a log position, as commands answer it');
    }
    const position = BigInt(minPosition);
    if ((this.supervisor.runner(projection).checkpoint() ?? -1n) < position) await this.assertInLog(position);
    await this.waitUntilApplied(projection, position);
  }

  /** Waits until the read model has applied everything the log holds now: for a query that must be complete. */
  async ensureUpToHead(projection: string): Promise<void> {
    const head = await this.eventStore.headPosition();
    // An empty log has nothing to wait for.
    if (head !== null) await this.waitUntilApplied(projection, head);
  }

  /** A position in the log: waits for the read model to apply it, up to READ_YOUR_WRITES_WAIT_MS. */
  private async waitUntilApplied(projection: string, position: bigint): Promise<void> {
    const runner = this.supervisor.runner(projection);
    if (runner.status === 'failed' && (runner.checkpoint() ?? -1n) < position) {
      // It will not get there by waiting: an operator has to fix it (see GET /admin/projections).
      throw new ProblemException(503, 'read-model-failed', `The ${projection} read model is stopped on a failed event`,
        undefined, undefined, { 'Retry-After': '60' });
    }
    if (!(await this.supervisor.waitFor(projection, position, READ_YOUR_WRITES_WAIT_MS))) {
      throw new ProblemException(503, 'read-model-behind', `The ${projection} read model has not reached position ${position} yet`,
        undefined, undefined, { 'Retry-After': '1' });
    }
  }

  /** No read model reaches a position the log has not: say so now rather than after the wait. */
  private async assertInLog(position: bigint): Promise<void> {
    const head = await this.eventStore.headPosition();
    if (head !== null && head >= position) return;
    throw new ProblemException(400, 'min-position-beyond-log', 'minPosition is beyond the end of the log', undefined, [
      { field: 'minPosition', reason: `must be at most the log's last position, ${head ?? 'none yet (the log is empty)'}` },
    ]);
  }
}

@Global()
@Module({
  providers: [
    {
      provide: ProjectionSupervisor,
      // READ_STORE and PROJECTION_LEASES come from StorageModule (SQLite or PostgreSQL).
      inject: [EVENT_STORE, READ_STORE, PROJECTION_LEASES],
      useFactory: (eventStore: EventStore, readStore: ReadStore, leases: ProjectionLeases | null) =>
        new ProjectionSupervisor(eventStore, readStore, leases ?? undefined),
    },
    ProjectionLifecycle,
    Freshness,
  ],
  exports: [ProjectionSupervisor, Freshness],
})
export class ReadModelsModule {}
