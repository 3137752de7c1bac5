import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { startTestApp, TestApp, TEST_KEYS } from './support/test-app';
import { writeSyntheticLog } from './support/synthetic-log';

/** About 200,000 events: 4,400 accounts with 23 deals each. */
const ACCOUNTS = 4400;

describe('audit at scale', () => {
  let dir: string;
  let app: TestApp;
  let events: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-audit-scale-'));
    const sqlitePath = join(dir, 'ledger.db');
    const store = new SqliteEventStore({ path: sqlitePath });
    events = await writeSyntheticLog(store, { accounts: ACCOUNTS, seed: 3 });
    await store.close();
    app = await startTestApp({ sqlitePath, runProjections: false });
  }, 180_000);
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports 200,000 events as NDJSON while the heap stays flat', async () => {
    // Without collections the heap holds garbage too, and would measure the collector, not the export.
    if (!global.gc) throw new Error('Run the tests with npm test: it gives Node --expose-gc');
    global.gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let lines = 0;
    let bytes = 0;
    const response = await fetch(`${app.baseUrl}/audit/export`, { headers: { authorization: `Bearer ${TEST_KEYS.auditor}` } });
    const reader = response.body!.getReader();
    let sampledAt = 0;
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      bytes += chunk.value.byteLength;
      for (const byte of chunk.value) if (byte === 10) lines++;
      // Every 8 MB: collect garbage where the test runs with --expose-gc, then read the live heap.
      if (bytes - sampledAt > 8 * 2 ** 20) {
        sampledAt = bytes;
        global.gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
    }
    const growthMb = (peak - baseline) / 2 ** 20;
    console.log(`export: ${lines} events, ${(bytes / 2 ** 20).toFixed(0)} MB, heap growth ${growthMb.toFixed(1)} MB`);
    // The export is far larger than the allowed growth: holding it in memory would show.
    expect({ events: events >= 200_000, lines, exportedMb: bytes / 2 ** 20 > 80, heapGrowthUnder64Mb: growthMb < 64 })
      .toEqual({ events: true, lines: events, exportedMb: true, heapGrowthUnder64Mb: true });
  }, 120_000);

  it('verifies the whole log and finds it intact', async () => {
    const response = await app.send('GET', '/audit/verify', { role: 'auditor' });
    expect([response.body.intact, response.body.eventsChecked]).toEqual([true, events]);
  }, 60_000);
});
