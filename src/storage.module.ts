import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { EVENT_STORE, EventStore, SqliteEventStore } from '@ledger/event-store';
import { IDEMPOTENCY_STORE, SqliteIdempotencyStore } from '@ledger/http-kit';
import { AppConfig } from './config';

/** The SQLite database that holds read-side tables (idempotency records, process state, read models). */
export const READ_DATABASE = Symbol('READ_DATABASE');

/** Where the log and the read side live, chosen by configuration. */
@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [AppConfig],
      useFactory: (config: AppConfig): EventStore => {
        if (config.EVENT_STORE !== 'sqlite') {
          throw new Error('EVENT_STORE=eventstoredb: the EventStoreDB adapter is not part of this build yet (issue 4)');
        }
        return new SqliteEventStore({ path: config.SQLITE_PATH });
      },
    },
    {
      provide: READ_DATABASE,
      inject: [AppConfig, EVENT_STORE],
      useFactory: (config: AppConfig, eventStore: EventStore) => {
        if (config.READ_STORE !== 'sqlite') {
          throw new Error('READ_STORE=postgres: the PostgreSQL read store is not part of this build yet');
        }
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
      provide: IDEMPOTENCY_STORE,
      inject: [READ_DATABASE],
      useFactory: (db: Database.Database) => new SqliteIdempotencyStore(db),
    },
  ],
  exports: [EVENT_STORE, READ_DATABASE, IDEMPOTENCY_STORE],
})
export class StorageModule implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_DATABASE) private readonly readDatabase: Database.Database,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    const shared = this.eventStore instanceof SqliteEventStore && this.eventStore.database === this.readDatabase;
    await this.eventStore.close();
    if (!shared) this.readDatabase.close();
  }
}
