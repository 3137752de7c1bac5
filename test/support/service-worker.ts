/**
 * The real service (src/main.ts, configured by environment variables) in a child process, for the
 * tests that kill it or ask it to stop.
 * Usage: SQLITE_PATH=… PORT=… API_KEYS=… node -r ./test/support/swc-register.js test/support/service-worker.ts
 *
 * Two stand-ins for a slow disk, so that a test can signal the process at a chosen moment:
 * - SLOW_APPEND_MS: every append first prints `append-waiting` and waits that long (the request is
 *   in flight and nothing is written yet);
 * - PAUSE_AFTER_APPEND_MS: every append, once committed, prints `appended` and waits that long
 *   before the command answers (the events are written and the answer is not sent yet).
 */
import { SqliteEventStore } from '@ledger/event-store';

const [slowAppendMs, pauseAfterAppendMs] = [Number(process.env.SLOW_APPEND_MS ?? 0), Number(process.env.PAUSE_AFTER_APPEND_MS ?? 0)];
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
if (slowAppendMs > 0 || pauseAfterAppendMs > 0) {
  const append = SqliteEventStore.prototype.appendToStream;
  SqliteEventStore.prototype.appendToStream = async function slowAppend(this: SqliteEventStore, ...args) {
    if (slowAppendMs > 0) {
      process.stdout.write('append-waiting\n');
      await wait(slowAppendMs);
    }
    const result = await append.apply(this, args);
    if (pauseAfterAppendMs > 0) {
      process.stdout.write('appended\n');
      await wait(pauseAfterAppendMs);
    }
    return result;
  };
}

// Loaded after the patch above, which it must see; main.ts starts the service when loaded.
require('../../src/main');
