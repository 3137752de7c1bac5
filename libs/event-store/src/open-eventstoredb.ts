import type { EventStore } from './event-store.port';
import type { EventStoreDbEventStoreOptions } from './eventstoredb';

/**
 * The EventStoreDB adapter, loaded on demand: processes on the embedded store never load the
 * gRPC client (and a process must never load both @eventstore/db-client and its successor).
 */
export async function openEventStoreDb(options: EventStoreDbEventStoreOptions): Promise<EventStore> {
  const { EventStoreDbEventStore } = await import('./eventstoredb');
  return new EventStoreDbEventStore(options);
}
