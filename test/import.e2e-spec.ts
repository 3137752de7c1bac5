import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { openCliContext } from '../src/cli/cli-context';
import { ImportSummary } from '../src/cli/import/import-summary';
import { importMavenCrm } from '../src/cli/import/maven-crm.import';
import { loadConfig } from '../src/config';
import { expectedFromExport, MAVEN_CRM_FOLDER } from './cli/support/maven-crm-expectations';
import { eventually, startTestApp } from './support/test-app';

/**
 * The real Maven CRM export, imported through the CLI's import service into a fresh SQLite file.
 * Expected figures are computed in the test from the CSV files themselves (expectedFromExport),
 * apart from the counts the issue states (85 accounts, 6 + 35 managers, 1,425 rejected rows).
 */
describe('import maven-crm: the real export', () => {
  const expected = expectedFromExport();
  let dir: string;
  let sqlitePath: string;
  let first: ImportSummary;
  const runImport = (options: { dryRun?: boolean; path?: string } = {}) => {
    const config = loadConfig({ SQLITE_PATH: options.path ?? sqlitePath, LOG_LEVEL: 'silent' });
    return importMavenCrm(MAVEN_CRM_FOLDER, () => openCliContext(config), { dryRun: options.dryRun, now: () => new Date('2024-01-02T03:04:05Z') });
  };
  const logHead = async () => {
    const store = new SqliteEventStore({ path: sqlitePath });
    try {
      return await store.headPosition();
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-import-'));
    sqlitePath = join(dir, 'ledger.db');
    first = await runImport();
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('onboards 6 sales managers and 35 account managers and opens 85 accounts, each assigned', () => {
    expect([first.salesManagers, first.accountManagers, first.accounts, first.assignments, first.unassignedAccounts]).toEqual([6, 35, 85, 85, 0]);
  });

  it('opens a deal per opportunity with an account, closing the won and lost ones', () => {
    expect(first.deals).toEqual(expected.deals);
  });

  it('rejects the 1,425 opportunities without an account, each with its file and line', () => {
    expect(first.rejected).toHaveLength(1425);
    expect(first.rejected).toEqual(expected.rowsWithoutAccount.map((line) => ({ file: 'sales_pipeline.csv', line, reason: 'opportunity has no account' })));
  });

  it('says what it normalised', () => {
    expect(first.normalisations).toEqual([
      { file: 'accounts.csv', column: 'sector', from: 'technolgy', to: 'technology', rows: 12 },
      { file: 'accounts.csv', column: 'office_location', from: 'Philipines', to: 'Philippines', rows: 1 },
      { file: 'sales_pipeline.csv', column: 'product', from: 'GTXPro', to: 'GTX Pro', rows: expected.gtxProRowsWithAccount },
    ]);
  });

  it('writes one event per command, and the log holds exactly those', async () => {
    const events = 41 + 85 + 85 + expected.deals.opened + expected.deals.won + expected.deals.lost;
    expect([first.eventsWritten, first.commands]).toEqual([events, events]);
    expect(await logHead()).toBe(BigInt(events));
  });

  it('writes nothing when run again, and reports the same figures', async () => {
    const headBefore = await logHead();
    const again = await runImport();
    expect(again.eventsWritten).toBe(0);
    expect(await logHead()).toBe(headBefore);
    expect({ ...again, wallTimeMs: 0 }).toEqual({ ...first, eventsWritten: 0, wallTimeMs: 0 });
  }, 30_000);

  it('writes nothing on a dry run, not even the database file', async () => {
    const path = join(dir, 'dry-run.db');
    const dryRun = await runImport({ dryRun: true, path });
    expect([dryRun.dryRun, dryRun.eventsWritten, dryRun.accounts, dryRun.deals.opened, dryRun.rejected.length]).toEqual([true, 0, 85, expected.deals.opened, 1425]);
    expect(existsSync(path)).toBe(false);
  });

  describe('read by the server', () => {
    const analyst = async (path: string) => {
      const app = await startTestApp({ sqlitePath });
      try {
        // The server replays the imported log into its read models: poll until they have caught up.
        return await eventually(async () => {
          const response = await app.send('GET', `${path}${path.includes('?') ? '&' : '?'}minPosition=${await app.head()}`, { role: 'analyst' });
          return response.status === 200 ? response.body : undefined;
        }, 30_000);
      } finally {
        await app.close();
      }
    };

    it('gives every agent a workloads row with their accounts, open deals and won deals', async () => {
      const workloads = await analyst('/analytics/manager-workloads');
      const agents = workloads.managers.filter((manager: { role: string }) => manager.role === 'account_manager');
      expect(agents).toHaveLength(35);
      const figures = Object.fromEntries(agents.map((agent: Record<string, unknown>) => [agent.managerId, [agent.accounts, agent.openDeals, agent.wonDeals, agent.wonValue]]));
      expect(figures).toEqual(expected.workloads);
    }, 40_000);

    it('lists the 85 accounts in the directory, each with its first agent and its parent', async () => {
      const directory = await analyst('/accounts?limit=500');
      const accounts = Object.fromEntries(directory.items.map((item: Record<string, unknown>) => [item.accountId, [item.managerId, item.parentAccountId]]));
      expect(accounts).toEqual(expected.accounts);
      expect(directory.items.find((item: { accountId: string }) => item.accountId === 'acme-corporation')).toMatchObject({ sector: 'technology', country: 'United States', tier: 'standard', status: 'open' });
    }, 40_000);
  });
});
