import type { EventStore } from '@ledger/event-store';
import { RunnerFailure, RunnerStatus } from './projection-runner';
import { Rebuild, RebuildState } from './rebuild';
import { RunnerView } from './standby';

/** Lag is counted by reading the events after the checkpoint, up to this many. */
export const LAG_COUNT_CAP = 10_000;

export interface ProjectionStatus {
  readonly name: string;
  /** `standby`: another instance holds the lease and runs it; the checkpoint is read from the store. */
  readonly status: RunnerStatus | 'standby';
  readonly generation?: number;
  readonly checkpoint: string | null;
  readonly head: string | null;
  /** Events in the log not applied yet; at most LAG_COUNT_CAP (then `lagEventsCapped`). */
  readonly lagEvents: number;
  readonly lagEventsCapped: boolean;
  /** Age of the oldest event not applied yet, 0 when caught up. */
  readonly lagMs: number;
  readonly eventsPerSecond: number;
  readonly failure?: RunnerFailure;
  readonly rebuild?: {
    readonly generation: number;
    readonly state: RebuildState;
    readonly checkpoint: string | null;
    readonly progress: number;
    readonly etaSeconds: number | null;
    readonly eventsPerSecond: number;
  };
}

export async function describeRunner(
  eventStore: EventStore,
  head: bigint | null,
  runner: RunnerView,
  extra: { generation?: number; rebuild?: Rebuild },
): Promise<ProjectionStatus> {
  const checkpoint = runner.checkpoint();
  const after = checkpoint ?? undefined;
  const [oldestPending] = await eventStore.readAll({ after, maxCount: 1 });
  // Counted by the store when it can: reading up to LAG_COUNT_CAP events to count them held the
  // event loop for 60 to 70 ms per read model behind, on every status read (metrics
  // scrapes, the dashboard, GET /admin/projections), throughout a catch-up.
  const lagEvents = !oldestPending
    ? 0
    : eventStore.countAfter
      ? await eventStore.countAfter(after, LAG_COUNT_CAP)
      : (await eventStore.readAll({ after, maxCount: LAG_COUNT_CAP })).length;
  const rebuild = extra.rebuild;
  return {
    name: runner.name,
    status: runner.status,
    ...(extra.generation === undefined ? {} : { generation: extra.generation }),
    checkpoint: checkpoint === null ? null : String(checkpoint),
    head: head === null ? null : String(head),
    lagEvents,
    lagEventsCapped: lagEvents === LAG_COUNT_CAP,
    lagMs: oldestPending ? Math.max(0, Date.now() - oldestPending.recordedAt.getTime()) : 0,
    eventsPerSecond: runner.eventsPerSecond(),
    ...(runner.failure ? { failure: runner.failure } : {}),
    ...(rebuild && rebuild.state !== 'done'
      ? {
          rebuild: {
            generation: rebuild.generation,
            state: rebuild.state,
            checkpoint: rebuild.runner.checkpoint() === null ? null : String(rebuild.runner.checkpoint()),
            progress: rebuild.progress(head),
            etaSeconds: rebuild.etaSeconds(head),
            eventsPerSecond: rebuild.runner.eventsPerSecond(),
          },
        }
      : {}),
  };
}
