import type { EventStore } from '@ledger/event-store';
import type { ProjectionStatus } from '@ledger/projections';

/** How far one read model has got through the log: enough for an analyst to judge its figures. */
export interface ReadModelFreshness {
  readonly name: string;
  readonly status: ProjectionStatus['status'];
  readonly checkpoint: string | null;
  readonly head: string | null;
  readonly lagEvents: number;
  readonly lagEventsCapped: boolean;
  readonly lagMs: number;
  /** When the last event it applied was recorded: its figures are as of then. */
  readonly checkpointRecordedAt: string | null;
}

export interface FreshnessReport {
  readonly head: string | null;
  /** When the newest event of the log was recorded. */
  readonly headRecordedAt: string | null;
  readonly readModels: ReadModelFreshness[];
}

/**
 * The analysts' subset of the operators' projection status: positions, lag and times, without
 * failures' messages, generations or rebuild details (those are for whoever fixes them).
 */
export async function freshnessReport(
  statuses: readonly ProjectionStatus[],
  readModelNames: readonly string[],
  eventStore: EventStore,
): Promise<FreshnessReport> {
  const recordedAt = recordedAtReader(eventStore);
  const head = statuses[0]?.head ?? (await eventStore.headPosition())?.toString() ?? null;
  const readModels = statuses.filter((status) => readModelNames.includes(status.name));
  return {
    head,
    headRecordedAt: await recordedAt(head),
    readModels: await Promise.all(
      readModels.map(async (status) => ({
        name: status.name,
        status: status.status,
        checkpoint: status.checkpoint,
        head: status.head,
        lagEvents: status.lagEvents,
        lagEventsCapped: status.lagEventsCapped,
        lagMs: status.lagMs,
        checkpointRecordedAt: await recordedAt(status.checkpoint),
      })),
    ),
  };
}

/** Reads each position's event once: read models caught up share the head's. */
function recordedAtReader(eventStore: EventStore): (position: string | null) => Promise<string | null> {
  const seen = new Map<string, Promise<string | null>>();
  const read = async (position: bigint) => {
    // Positions need not be contiguous: read the first event at or after it, and check it is that one.
    const [event] = await eventStore.readAll({ after: position - 1n, maxCount: 1 });
    return event?.position === position ? event.recordedAt.toISOString() : null;
  };
  return (position) => {
    if (position === null) return Promise.resolve(null);
    if (!seen.has(position)) seen.set(position, read(BigInt(position)));
    return seen.get(position)!;
  };
}
