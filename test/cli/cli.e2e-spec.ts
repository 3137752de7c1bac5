import { execFile } from 'node:child_process';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, TEST_KEYS, TestApp } from '../support/test-app';
import { MAVEN_CRM_FOLDER } from './support/maven-crm-expectations';

const ROOT = join(__dirname, '..', '..');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the CLI from its sources in a child process, as an operator would run the built one.
 * Asynchronous on purpose: the projections commands talk to a server running in this process.
 */
function cli(args: readonly string[], env: Record<string, string>): Promise<Run> {
  const { API_KEYS: _keys, SQLITE_PATH: _path, PORT: _port, ...inherited } = process.env;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', './test/support/swc-register.js', 'src/cli/main.ts', ...args],
      { cwd: ROOT, env: { ...inherited, LOG_LEVEL: 'silent', ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

/** A port nothing listens on: one the system just handed out and that was closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the CLI as a child process', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-cli-'));
    env = { SQLITE_PATH: join(dir, 'ledger.db') };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('import maven-crm', () => {
    it('imports the export and prints the summary as JSON (exit 0)', async () => {
      const run = await cli(['import', 'maven-crm', MAVEN_CRM_FOLDER, '--json'], env);
      const summary = JSON.parse(run.stdout);
      expect([run.code, summary.accounts, summary.salesManagers, summary.accountManagers, summary.eventsWritten, summary.rejected.length]).toEqual([0, 85, 6, 35, 14297, 1425]);
      expect(summary.rejected[0]).toEqual({ file: 'sales_pipeline.csv', line: 11, reason: 'opportunity has no account' });
    }, 60_000);

    it('run again, writes nothing and says so on its summary line (exit 0)', async () => {
      const run = await cli(['import', 'maven-crm', MAVEN_CRM_FOLDER], env);
      expect(run.code).toBe(0);
      expect(run.stdout.split('\n')[0]).toMatch(
        /^maven-crm imported: 85 accounts, 6 sales managers, 35 account managers, 7,375 deals \(4,238 won, 2,473 lost, 664 open\), 0 events written, 1,425 rows rejected, 3 normalisations, \d+\.\d s$/,
      );
    }, 60_000);

    it('exits 2 with the usage when the folder is not given', async () => {
      const run = await cli(['import', 'maven-crm'], env);
      expect([run.code, run.stdout]).toEqual([2, '']);
      expect(run.stderr).toContain("error: missing required argument 'folder'");
    }, 20_000);

    it('exits 1 with a clear message when the folder does not exist', async () => {
      const run = await cli(['import', 'maven-crm', join(dir, 'nowhere')], env);
      expect([run.code, run.stderr]).toEqual([1, `error: ${join(dir, 'nowhere')}: no such folder\n`]);
    }, 20_000);
  });

  it('exits 2 on an unknown command', async () => {
    const run = await cli(['exports'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: unknown command 'exports'");
  }, 20_000);

  describe('projections', () => {
    let server: TestApp;
    const adminEnv = () => ({ ...env, API_KEYS: `admin:${TEST_KEYS.admin}` });

    beforeAll(async () => {
      server = await startTestApp();
    });
    afterAll(() => server.close());

    it('status prints a row per read model of the running server', async () => {
      const run = await cli(['projections', 'status', '--url', server.baseUrl], adminEnv());
      const names = run.stdout.trim().split('\n').map((line) => line.split(/\s+/)[0]);
      expect(run.code).toBe(0);
      expect(names).toEqual(['name', ...(await server.send('GET', '/admin/projections', { role: 'admin' })).body.projections.map((p: { name: string }) => p.name)]);
    }, 20_000);

    it('rebuild <name> starts a rebuild as the next generation', async () => {
      const run = await cli(['projections', 'rebuild', 'manager-workloads', '--url', server.baseUrl, '--json'], adminEnv());
      expect([run.code, JSON.parse(run.stdout)]).toEqual([0, [{ projection: 'manager-workloads', generation: 2 }]]);
    }, 20_000);

    it('exits 1 saying so when the server cannot be reached', async () => {
      const url = `http://127.0.0.1:${await closedPort()}`;
      const run = await cli(['projections', 'status', '--url', url], adminEnv());
      expect([run.code, run.stderr]).toEqual([1, `error: Cannot reach the server at ${url} (ECONNREFUSED): is it running (npm start)? Use --url if it listens elsewhere.\n`]);
    }, 20_000);

    it('exits 1 when it has no admin key to use', async () => {
      const run = await cli(['projections', 'status', '--url', server.baseUrl], env);
      expect([run.code, run.stderr]).toEqual([1, `error: No admin key: set API_KEYS (with an admin:<key> pair), or start the server once: it writes its keys to ${join(dir, 'api-keys.env')}\n`]);
    }, 20_000);
  });

  describe('audit (after the import above)', () => {
    it('verify finds the imported log intact (exit 0)', async () => {
      const run = await cli(['audit', 'verify'], env);
      expect([run.code, run.stdout.replace(/in \d+ ms/, 'in N ms')]).toEqual([0, 'intact: 14297 events checked in N ms\n']);
    }, 60_000);

    it('export writes one NDJSON line per event, in log order', async () => {
      const run = await cli(['audit', 'export'], env);
      const positions = run.stdout.trim().split('\n').map((line) => Number(JSON.parse(line).position));
      expect([run.code, positions.length, positions.every((position, index) => index === 0 || position > positions[index - 1])]).toEqual([0, 14297, true]);
    }, 60_000);

    it('export refuses a malformed date (exit 2)', async () => {
      const run = await cli(['audit', 'export', '--from', 'yesterday'], env);
      expect([run.code, run.stderr.trim()]).toEqual([2, 'error: yesterday is not an ISO 8601 date or timestamp']);
    }, 60_000);

    it('verify names an event edited behind the service\'s back (exit 1)', async () => {
      const db = new Database(env.SQLITE_PATH);
      db.prepare("UPDATE events SET data = json_set(data, '$.name', 'Forged') WHERE position = 50").run();
      const stream = (db.prepare('SELECT stream FROM events WHERE position = 50').get() as { stream: string }).stream;
      db.close();
      const run = await cli(['audit', 'verify'], env);
      expect([run.code, run.stdout.trim()]).toEqual([1, `ALTERED: 1 break(s); first at position 50 (${stream} revision 0, altered)`]);
    }, 60_000);
  });
});
