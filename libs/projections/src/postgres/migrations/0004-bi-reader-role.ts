import type { Migration } from './migration';

/**
 * A role for BI tools: it may read the schema's BI views (granted as they are created) and the
 * generations table (how fresh the figures are), nothing else. It cannot log in itself: grant it
 * to a login role (`GRANT ledger_reader TO metabase`). An application user without CREATEROLE
 * skips the creation with a notice; a DBA then creates the role and the grants apply on the next
 * view refresh (every start and every rebuild).
 */
export const biReaderRole: Migration = {
  version: 4,
  name: 'BI reader role',
  sql: ({ schema, readerRole }) => `
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${readerRole}') THEN
        IF (SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user) THEN
          CREATE ROLE "${readerRole}" NOLOGIN;
        ELSE
          RAISE NOTICE 'role ${readerRole} not created: % lacks CREATEROLE', current_user;
        END IF;
      END IF;
      IF EXISTS (SELECT FROM pg_roles WHERE rolname = '${readerRole}') THEN
        GRANT USAGE ON SCHEMA "${schema}" TO "${readerRole}";
        GRANT SELECT ON read_model_generations TO "${readerRole}";
      END IF;
    END $$;`,
};
