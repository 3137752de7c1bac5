/**
 * The real service (src/main.ts, configured by environment variables) in a child process, for the
 * tests that kill it or ask it to stop.
 * Usage: SQLITE_PATH=… PORT=… API_KEYS=… node -r ./test/support/swc-register.js test/support/service-worker.ts
 *
 * Two stand-ins for a slow disk, so that a test can signal the process at a chosen moment:
 * - SLOW_APPEND_MS: every append first prints `append-waiting` and waits that long (the request is
 *   in flight and nothing is written yet);
 * - FREEZE_AFTER_APPENDS: the appends after that many, once committed, print `appended` and never
 *   return (the events are written and the answer is never sent), so that a kill after their line
 *   is certain to catch commands written and unanswered. A pause instead of a freeze was racy:
 *   group commit writes the chains' commands together, their pauses end together, and a kill sent
 *   on one answer came after the others had been answered too.
 */
import { SqliteEventStore } from '@ledger/event-store';

const slowAppendMs = Number(process.env.SLOW_APPEND_MS ?? 0);
const freezeAfterAppends = process.env.FREEZE_AFTER_APPENDS === undefined ? undefined : Number(process.env.FREEZE_AFTER_APPENDS);
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const never = () => new Promise<never>(() => undefined);
let appends = 0;
if (slowAppendMs > 0 || freezeAfterAppends !== undefined) {
  const append = SqliteEventStore.prototype.appendToStream;
  SqliteEventStore.prototype.appendToStream = async function slowAppend(this: SqliteEventStore, ...args) {
    if (slowAppendMs > 0) {
      process.stdout.write('append-waiting\n');
      await wait(slowAppendMs);
    }
    const result = await append.apply(this, args);
    if (freezeAfterAppends !== undefined && ++appends > freezeAfterAppends) {
      process.stdout.write('appended\n');
      return never();
    }
    return result;
  };
}

// Loaded after the patch above, which it must see; main.ts starts the service when loaded.
require('../../src/main');
