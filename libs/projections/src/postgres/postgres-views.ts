import type { ClientBase } from 'pg';
import { quote } from './postgres-sql';

/**
 * A view for BI tools over read models. Read-model tables change name with each generation, so
 * BI tools read views instead; a view is recreated whenever one of its read models gets a new
 * active generation, in the same transaction, so it never points at a dropped table.
 */
export interface ReadModelView {
  readonly name: string;
  /** The read models the view reads; it exists while each has an active generation. */
  readonly projections: readonly string[];
  /** Shown by `\dv+` and BI tools' catalogues. */
  readonly comment: string;
  /** The view's query; `table(projection, table)` is the quoted name in the active generation. */
  select(table: (projection: string, table: string) => string): string;
}

/**
 * Drops and recreates the views that read `projection` (every view when omitted) from the
 * active generations, and grants them to the reader role when it exists. Runs inside the
 * caller's transaction.
 */
export async function refreshViews(
  client: ClientBase,
  views: readonly ReadModelView[],
  tableName: (projection: string, table: string, generation: number) => string,
  { schema, readerRole }: { schema: string; readerRole: string },
  projection?: string,
): Promise<void> {
  const affected = views.filter((view) => projection === undefined || view.projections.includes(projection));
  if (affected.length === 0) return;
  const { rows } = await client.query<{ projection: string; generation: number }>(
    `SELECT projection, generation FROM read_model_generations WHERE state = 'active'`,
  );
  const active = new Map(rows.map((row) => [row.projection, row.generation]));
  const { rows: roles } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [readerRole]);
  // Again on each refresh: a role a DBA created after the migrations gets its grants at the next start.
  if (roles.length > 0) {
    await client.query(`GRANT USAGE ON SCHEMA ${quote(schema)} TO ${quote(readerRole)}`);
    await client.query(`GRANT SELECT ON read_model_generations TO ${quote(readerRole)}`);
  }
  for (const view of affected) {
    await client.query(`DROP VIEW IF EXISTS ${quote(view.name)}`);
    if (!view.projections.every((name) => active.has(name))) continue;
    const table = (name: string, table: string) => quote(tableName(name, table, active.get(name)!));
    await client.query(`CREATE VIEW ${quote(view.name)} AS ${view.select(table)}`);
    await client.query(`COMMENT ON VIEW ${quote(view.name)} IS '${view.comment.replace(/'/g, "''")}'`);
    if (roles.length > 0) await client.query(`GRANT SELECT ON ${quote(view.name)} TO ${quote(readerRole)}`);
  }
}
