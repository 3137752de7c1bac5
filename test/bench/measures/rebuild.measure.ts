import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { writeSyntheticLog } from '../../support/synthetic-log';
import type { BenchSizes } from '../support/bench-sizes';
import { ServiceChild } from '../support/service-child';

export interface RebuildFigures {
  readonly events: number;
  readonly plainReadPerSecond: number;
  readonly plainReadSeconds: number;
  readonly rebuildPerSecond: number;
  readonly rebuildSeconds: number;
  /** Of the rebuild's wall time, until the app was up (the read models fill from the start of it). */
  readonly appReadySeconds: number;
  readonly peakRssMb: number;
}

/**
 * 3. Rebuild: the service starts on a log with no read models and builds all of them; the same
 * process first reads the whole log plainly (pages of 4,096 with JSON.parse), the reference.
 */
export async function measureRebuild(dir: string, sizes: BenchSizes, profileDir?: string): Promise<RebuildFigures> {
  const sqlitePath = join(dir, 'rebuild.db');
  const store = new SqliteEventStore({ path: sqlitePath });
  await writeSyntheticLog(store, { accounts: sizes.rebuildAccounts });
  await store.close();
  const service = ServiceChild.start({ sqlitePath, mode: 'rebuild', profileDir });
  try {
    service.watchMemory();
    const rebuilt = await service.message('rebuilt');
    return {
      events: rebuilt.events,
      plainReadSeconds: rebuilt.plainReadSeconds,
      plainReadPerSecond: Math.round(rebuilt.events / rebuilt.plainReadSeconds),
      rebuildSeconds: rebuilt.rebuildSeconds,
      rebuildPerSecond: Math.round(rebuilt.events / rebuilt.rebuildSeconds),
      appReadySeconds: rebuilt.appReadySeconds,
      peakRssMb: service.peakRssMb(),
    };
  } finally {
    await service.stop();
  }
}
