export { EventStoreDbEventStore, type EventStoreDbEventStoreOptions } from './eventstoredb-event-store';
export type { ResubscribeBackoff } from './esdb-subscription';
