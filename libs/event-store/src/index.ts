export * from './event-store.port';
export * from './event-store.errors';
export { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite/sqlite-event-store';
export { SqliteWriteGroups, type SqliteWriter } from './sqlite/write-groups';
export * from './hash-chain';
export { openEventStoreDb } from './open-eventstoredb';
