import { ClientConfig, CustomTypesConfig, types } from 'pg';
import { assertPlainName } from './postgres-sql';

export const DEFAULT_SCHEMA = 'ledger';

/** PostgreSQL's type id of BIGINT (int8). */
const INT8 = 20;

/**
 * BIGINT columns come back as numbers, as SQLite's INTEGER do: read-model cells are JS numbers,
 * so every value written was an exact integer below 2^53 already. pg's default (strings) is
 * kept for NUMERIC, which is what SUM over BIGINT returns: the queries read those with Number().
 */
const readModelTypes: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 ? (text: string) => Number(text) : types.getTypeParser(oid, format)) as CustomTypesConfig['getTypeParser'],
};

export interface ConnectionSettings {
  readonly schema: string;
  /** For the pool and for each lease connection: every connection works in the schema. */
  readonly clientConfig: ClientConfig;
}

/**
 * Reads `DATABASE_URL`. A `schema` query parameter (`...?schema=ledger_eu`) names the schema
 * the deployment keeps its tables in, default `ledger`; it is taken out of the URL pg sees.
 */
export function connectionSettings(url: string, options: { schema?: string; applicationName?: string } = {}): ConnectionSettings {
  const parsed = new URL(url);
  const schema = assertPlainName(options.schema ?? parsed.searchParams.get('schema') ?? DEFAULT_SCHEMA, 'The PostgreSQL schema');
  parsed.searchParams.delete('schema');
  return {
    schema,
    clientConfig: {
      connectionString: parsed.toString(),
      // The URL's own application_name wins: operators tell instances apart by it in pg_stat_activity.
      application_name: parsed.searchParams.get('application_name') ?? options.applicationName ?? 'key-account-ledger',
      // Unqualified table names (the queries') resolve in the deployment's schema only.
      options: `-c search_path=${schema}`,
      types: readModelTypes,
      keepAlive: true,
    },
  };
}
