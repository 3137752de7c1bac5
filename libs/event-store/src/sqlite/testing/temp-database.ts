import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type SqliteEventStoreOptions } from '../sqlite-event-store';

/**
 * A throwaway directory for one test's SQLite file. The file sits in a subdirectory that does not
 * exist yet, so every test also proves the store creates it.
 */
export class TempDatabase {
  readonly directory = mkdtempSync(join(tmpdir(), 'event-store-'));
  readonly path = join(this.directory, 'data', 'ledger.sqlite');
  private readonly stores: SqliteEventStore[] = [];

  /** Opens a store on the file (another one stands in for another process); closed by remove(). */
  open(options: Omit<SqliteEventStoreOptions, 'path'> = {}): SqliteEventStore {
    // Polling fast keeps cross-connection tests quick; production keeps the 50 ms default.
    const store = new SqliteEventStore({ pollIntervalMs: 10, ...options, path: this.path });
    this.stores.push(store);
    return store;
  }

  /** Closes every store opened here, then deletes the file with its -wal and -shm companions. */
  async remove(): Promise<void> {
    await Promise.all(this.stores.splice(0).map((store) => store.close()));
    rmSync(this.directory, { recursive: true, force: true });
  }
}
