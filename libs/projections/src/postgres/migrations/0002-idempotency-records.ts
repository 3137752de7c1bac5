import type { Migration } from './migration';

/** First responses to commands sent with an Idempotency-Key, shared by every instance. */
export const idempotencyRecords: Migration = {
  version: 2,
  name: 'idempotency records',
  sql: () => `
    CREATE TABLE idempotency_records (
      scope TEXT NOT NULL,
      key TEXT NOT NULL,
      request_hash TEXT NOT NULL,
      status INTEGER NOT NULL,
      -- JSON, not JSONB: a replay answers the very text first sent, keys in their order.
      body JSON NOT NULL,
      headers JSON NOT NULL,
      created_at TIMESTAMPTZ NOT NULL,
      PRIMARY KEY (scope, key)
    );
    CREATE INDEX idempotency_records_created_at ON idempotency_records (created_at);`,
};
