import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The test database: trust auth on the local PostgreSQL (see README, .ci/run). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';

export interface TestSchema {
  readonly schema: string;
  /** DATABASE_URL naming the schema, as the service takes it. */
  readonly url: string;
  /** Drops the schema, and the reader role the migrations made for it. */
  drop(): Promise<void>;
}

/** A schema of its own for a test (`ledger_test_<random>`), so tests never see each other's tables. */
export function testSchema(): TestSchema {
  const schema = `ledger_test_${randomBytes(6).toString('hex')}`;
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('schema', schema);
  return {
    schema,
    url: url.toString(),
    drop: () => dropSchema(schema),
  };
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    const role = `${schema}_reader`;
    const { rows } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (rows.length > 0) {
      // A role with privileges left in this database cannot be dropped: hand those back first.
      await client.query(`DROP OWNED BY "${role}"`);
      await client.query(`DROP ROLE "${role}"`);
    }
  } finally {
    await client.end();
  }
}

/** Runs one statement on a connection of its own (to set up a failure, or look behind the store). */
export async function sql<T extends Record<string, unknown> = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}
