import type { Migration } from './migration';

/**
 * The generations of every read model (and every reactor's checkpoint). Checkpoints are log
 * positions, unsigned 64-bit: NUMERIC(20) holds them all, BIGINT would not.
 */
export const readModelGenerations: Migration = {
  version: 1,
  name: 'read model generations',
  sql: () => `
    CREATE TABLE read_model_generations (
      projection TEXT COLLATE "C" NOT NULL,
      generation INTEGER NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('building', 'active')),
      version INTEGER NOT NULL,
      checkpoint NUMERIC(20, 0),
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      PRIMARY KEY (projection, generation)
    );
    -- At most one active generation per read model, whatever a buggy caller does.
    CREATE UNIQUE INDEX read_model_generations_one_active ON read_model_generations (projection) WHERE state = 'active';`,
};
