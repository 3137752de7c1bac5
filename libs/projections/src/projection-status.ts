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
  const pending = await eventStore.readAll({ after: checkpoint ?? undefined, maxCount: LAG_COUNT_CAP });
  const rebuild = extra.rebuild;
  return {
    name: runner.name,
    status: runner.status,
    ...(extra.generation === undefined ? {} : { generation: extra.generation }),
    checkpoint: checkpoint === null ? null : String(checkpoint),
    head: head === null ? null : String(head),
    lagEvents: pending.length,
    lagEventsCapped: pending.length === LAG_COUNT_CAP,
    lagMs: pending.length === 0 ? 0 : Math.max(0, Date.now() - pending[0].recordedAt.getTime()),
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
