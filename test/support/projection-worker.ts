/**
 * Runs the read models over a SQLite log file until killed: the process the crash test kills.
 * Usage: node --import tsx test/support/projection-worker.ts <sqlite file>
 */
import { SqliteEventStore } from '@ledger/event-store';
import { ProjectionSupervisor, SqliteReadStore } from '@ledger/projections';
import { READ_MODELS } from '../../src/read-model-catalog';

async function main(path: string) {
  const store = new SqliteEventStore({ path });
  const supervisor = new ProjectionSupervisor(store, new SqliteReadStore(store.database));
  for (const projection of READ_MODELS) supervisor.registerProjection(projection);
  await supervisor.start();
  process.stdout.write('started\n');
  process.once('SIGTERM', () => void supervisor.stop().then(() => store.close()).then(() => process.exit(0)));
}

void main(process.argv[2]);
