import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface ImportFigures {
  readonly events: number;
  /** The import's own wall time, as its summary reports it (plan, app context, commands). */
  readonly seconds: number;
  /** The CLI process from start to exit, compiling its TypeScript sources included. */
  readonly processSeconds: number;
}

const ROOT = join(__dirname, '..', '..', '..');
export const MAVEN_CRM_FOLDER = join(ROOT, '..', 'shared', 'datasets', 'maven-crm');

/** 5. The Maven CRM export through the CLI (`import maven-crm --json`), in a child process on a fresh file. */
export async function measureImport(dir: string): Promise<ImportFigures> {
  const started = performance.now();
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['-r', join(ROOT, 'test', 'support', 'swc-register.js'), join(ROOT, 'src', 'cli', 'main.ts'), 'import', 'maven-crm', MAVEN_CRM_FOLDER, '--json'],
    { env: { ...process.env, SQLITE_PATH: join(dir, 'import.db'), LOG_LEVEL: 'silent' }, maxBuffer: 64 * 1024 * 1024 },
  );
  const processSeconds = (performance.now() - started) / 1000;
  const summary = JSON.parse(stdout) as { eventsWritten: number; wallTimeMs: number };
  return { events: summary.eventsWritten, seconds: summary.wallTimeMs / 1000, processSeconds };
}
