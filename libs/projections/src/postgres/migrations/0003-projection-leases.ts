import type { Migration } from './migration';

/**
 * A number per projection or reactor for its advisory lock: hashing names could make two
 * projections share a lock, and then one instance's lease on one would block the other forever.
 */
export const projectionLeaseKeys: Migration = {
  version: 3,
  name: 'projection lease keys',
  sql: () => `
    CREATE TABLE projection_lease_keys (
      name TEXT COLLATE "C" PRIMARY KEY,
      lock_key SERIAL NOT NULL UNIQUE
    );`,
};
