import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { EVENT_STORE, EventStore, openEventStoreDb, SqliteEventStore, SqliteWriteGroups, type SqliteWriter } from '@ledger/event-store';
import { IDEMPOTENCY_STORE, SqliteIdempotencyStore } from '@ledger/http-kit';
import { PostgresIdempotencyStore, PostgresReadStore, PROJECTION_LEASES, READ_STORE, SqliteReadStore } from '@ledger/projections';
import { BI_VIEWS } from './analytics/bi-views';
import { AppConfig } from './config';

/** Where the embedded log's WAL is checkpointed (AppOptions.walCheckpoints). */
export const WAL_CHECKPOINTS = Symbol('WAL_CHECKPOINTS');
export type WalCheckpoints = 'background' | 'inline';

/** The SQLite database that holds read-side tables (idempotency records, process state, read models); null with READ_STORE=postgres. */
export const READ_DATABASE = Symbol('READ_DATABASE');

/** Group commit for READ_DATABASE's idempotency records (the log's own when they share the connection); null with READ_STORE=postgres. */
const READ_WRITER = Symbol('READ_WRITER');

/** Whether the read side's SQLite database is the embedded log's own connection (the default). */
const sharesLogConnection = (eventStore: EventStore, db: Database.Database | null): eventStore is SqliteEventStore =>
  eventStore instanceof SqliteEventStore && eventStore.database === db;

/** The PostgreSQL read side when READ_STORE=postgres, else null. */
const POSTGRES = Symbol('POSTGRES_READ_STORE');

/** Where the log and the read side live, chosen by configuration. */
@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [AppConfig, WAL_CHECKPOINTS],
      useFactory: async (config: AppConfig, checkpoints: WalCheckpoints): Promise<EventStore> => {
        if (config.EVENT_STORE === 'sqlite') return new SqliteEventStore({ path: config.SQLITE_PATH, checkpointInBackground: checkpoints === 'background' });
        return openEventStoreDb({ connectionString: config.EVENTSTORE_CONNECTION_STRING! });
      },
    },
    {
      provide: READ_DATABASE,
      inject: [AppConfig, EVENT_STORE],
      useFactory: (config: AppConfig, eventStore: EventStore) => {
        if (config.READ_STORE !== 'sqlite') return null;
        // Embedded default: one file, one connection. better-sqlite3 is synchronous, so the log's
        // appends and the read side's transactions never interleave inside this process.
        if (eventStore instanceof SqliteEventStore) return eventStore.database;
        mkdirSync(dirname(config.SQLITE_PATH), { recursive: true });
        const db = new Database(config.SQLITE_PATH);
        db.pragma('journal_mode = WAL');
        db.pragma('busy_timeout = 5000');
        return db;
      },
    },
    {
      provide: READ_WRITER,
      inject: [READ_DATABASE, EVENT_STORE],
      useFactory: (db: Database.Database | null, eventStore: EventStore): SqliteWriter | null => {
        if (!db) return null;
        return sharesLogConnection(eventStore, db) ? eventStore.writer : new SqliteWriteGroups(db);
      },
    },
    {
      provide: POSTGRES,
      inject: [AppConfig],
      // Connects and migrates before anything reads: a database that is down stops the start.
      useFactory: async (config: AppConfig) =>
        config.READ_STORE === 'postgres'
          ? PostgresReadStore.open({ url: config.DATABASE_URL!, views: BI_VIEWS, applicationName: `key-account-ledger ${hostname()}:${process.pid}` })
          : null,
    },
    {
      provide: READ_STORE,
      inject: [POSTGRES, READ_DATABASE],
      // Not through READ_WRITER: a catch-up's large commits were slower grouped (a rebuild of
      // 1,000,000 events 9.2-9.6 s alone, 9.9-10.0 s grouped), and live ones gained nothing measurable
      // (grouped alone, again: the same CPU at 1,000 commands/s and a freshness p99 of 32-38 ms
      // against 9-14 ms; test/bench/HISTORY.md).
      useFactory: (postgres: PostgresReadStore | null, db: Database.Database) => postgres ?? new SqliteReadStore(db),
    },
    {
      // Several instances share a PostgreSQL read side, so they take turns on each projection;
      // the embedded store has one process and needs none.
      provide: PROJECTION_LEASES,
      inject: [POSTGRES],
      useFactory: (postgres: PostgresReadStore | null) => postgres,
    },
    {
      provide: IDEMPOTENCY_STORE,
      inject: [POSTGRES, READ_DATABASE, READ_WRITER],
      useFactory: async (postgres: PostgresReadStore | null, db: Database.Database, writer: SqliteWriter) => {
        if (!postgres) return new SqliteIdempotencyStore(db, { writer });
        const store = new PostgresIdempotencyStore(postgres.pool);
        await store.purgeExpired();
        return store;
      },
    },
  ],
  exports: [EVENT_STORE, READ_DATABASE, READ_STORE, PROJECTION_LEASES, IDEMPOTENCY_STORE],
})
export class StorageModule implements OnApplicationShutdown {
  private readonly logger = new Logger('Storage');

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_DATABASE) private readonly readDatabase: Database.Database | null,
    @Inject(POSTGRES) private readonly postgres: PostgresReadStore | null,
    @Inject(READ_WRITER) private readonly readWriter: SqliteWriter | null,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    const shared = sharesLogConnection(this.eventStore, this.readDatabase);
    await this.eventStore.close();
    if (this.readDatabase && !shared) {
      // Writes waiting for their group are committed, not dropped (the log's store does the same).
      if (this.readWriter instanceof SqliteWriteGroups) this.readWriter.commit();
      this.readDatabase.close();
    }
    // After the projections stopped (beforeApplicationShutdown): the leases end with their connections.
    await this.postgres?.close().catch((error) => this.logger.warn({ err: error }, 'Closing the PostgreSQL pool failed'));
  }
}
