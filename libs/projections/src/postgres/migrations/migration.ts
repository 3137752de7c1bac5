/** Names a migration's SQL is written for: the deployment's schema and its read-only role. */
export interface SchemaNames {
  readonly schema: string;
  readonly readerRole: string;
}

/**
 * One step of the PostgreSQL schema. Migrations are TypeScript modules rather than .sql files
 * so that the build ships them with the code (tsc copies no assets). They run once each, in
 * version order, each in its own transaction, with `search_path` set to the schema.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  sql(names: SchemaNames): string;
}
