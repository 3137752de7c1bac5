import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

// Plain JavaScript run by `node -e`: a process that knows nothing of the adapter, writing the
// log's table directly the way another tool sharing the file could. It takes the write lock,
// appends revision 0 of a stream, says so, holds the lock for a while, then commits.
const SCRIPT = `
const [, modulePath, path, stream, holdMs] = process.argv;
const Database = require(modulePath);
const db = new Database(path, { timeout: 5000 });
db.exec('BEGIN IMMEDIATE');
db.prepare('INSERT INTO events (stream, revision, event_id, type, data, metadata, recorded_at) VALUES (?, 0, ?, ?, ?, ?, ?)')
  .run(stream, '00000000-0000-4000-8000-0000000000c5', 'WrittenElsewhere', '{"n":99}', '{}', new Date().toISOString());
process.stdout.write('locked\\n');
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(holdMs));
db.exec('COMMIT');
db.close();
`;

/** A child process appending one event to `stream` in the SQLite file at `path`. */
export class ChildProcessWriter {
  private readonly child: ChildProcess;
  private readonly exit: Promise<unknown[]>;

  constructor(path: string, stream: string, holdLockMs = 0) {
    const args = ['-e', SCRIPT, require.resolve('better-sqlite3'), path, stream, String(holdLockMs)];
    this.child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    this.exit = once(this.child, 'exit');
  }

  /** Resolves once the child holds the write lock with its event inserted, not yet committed. */
  async holdsLock(): Promise<void> {
    const [chunk] = (await once(this.child.stdout!, 'data')) as [Buffer];
    if (chunk.toString().trim() !== 'locked') throw new Error(`Child said ${chunk.toString()}`);
  }

  /** The child's exit code, once it has committed and exited. */
  async exitCode(): Promise<number | null> {
    const [code] = await this.exit;
    return code as number | null;
  }
}
