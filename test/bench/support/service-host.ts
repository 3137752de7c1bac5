/**
 * The service as the benchmark runs it, in a child process of its own (so that the load generator
 * does not share its event loop and its RSS is the service's alone):
 *   node -r ./test/support/swc-register.js test/bench/support/service-host.ts
 * BENCH_MODE=serve: starts the app with the bench endpoints and reports its port.
 * BENCH_MODE=rebuild: reads the log once plainly, then starts the app on a read side with no read
 * models and reports how long both took. BENCH_MODE=floor: a bare Nest app instead of the service
 * (framework-floor.ts), the reference of measure 1. Either way it then serves until told to stop.
 */
import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SqliteEventStore } from '@ledger/event-store';
import { parseApiKeys } from '@ledger/http-kit';
import { ProjectionSupervisor } from '@ledger/projections';
import { createApp } from '../../../src/bootstrap';
import { loadConfig } from '../../../src/config';
import { READ_MODELS } from '../../../src/read-model-catalog';
import { BenchModule } from './bench.module';
import { serveFrameworkFloor } from './framework-floor';

export type HostMessage =
  | { type: 'listening'; port: number }
  | { type: 'rebuilt'; events: number; plainReadSeconds: number; rebuildSeconds: number; appReadySeconds: number };

const report = (message: HostMessage) => process.send!(message);

async function serve(): Promise<NestFastifyApplication> {
  const config = loadConfig(process.env);
  const app = await createApp(config, parseApiKeys(process.env.API_KEYS!), { extraModules: [BenchModule], runProjections: process.env.BENCH_NO_PROJECTIONS !== '1' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  report({ type: 'listening', port: (app.getHttpServer().address() as { port: number }).port });
  return app;
}

/** Pages through the whole log as any reader would: the reference the rebuild is measured beside. */
async function plainRead(path: string): Promise<{ events: number; head: bigint; seconds: number }> {
  const store = new SqliteEventStore({ path });
  const started = performance.now();
  let events = 0;
  let after: bigint | undefined;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 4096 });
    if (page.length === 0) break;
    events += page.length;
    after = page[page.length - 1].position;
  }
  await store.close();
  return { events, head: after ?? 0n, seconds: (performance.now() - started) / 1000 };
}

async function rebuild(): Promise<NestFastifyApplication> {
  const read = await plainRead(process.env.SQLITE_PATH!);
  const started = performance.now();
  const app = await serve();
  const appReadySeconds = (performance.now() - started) / 1000;
  const supervisor = app.get(ProjectionSupervisor);
  const caughtUp = await Promise.all(READ_MODELS.map(({ name }) => supervisor.waitFor(name, read.head, 600_000)));
  if (!caughtUp.every(Boolean)) throw new Error('The read models did not reach the head within 10 minutes');
  // Reaching the head, each has yet to build its secondary indexes (LogConsumer.caughtUp): count that too.
  while (!READ_MODELS.every(({ name }) => supervisor.runner(name).hasCaughtUp)) await new Promise((resolve) => setTimeout(resolve, 1));
  const rebuildSeconds = (performance.now() - started) / 1000;
  report({ type: 'rebuilt', events: read.events, plainReadSeconds: read.seconds, rebuildSeconds, appReadySeconds });
  return app;
}

async function floor(): Promise<NestFastifyApplication> {
  const app = await serveFrameworkFloor();
  report({ type: 'listening', port: (app.getHttpServer().address() as { port: number }).port });
  return app;
}

async function main() {
  const modes = { serve, rebuild, floor } as const;
  const app = await modes[(process.env.BENCH_MODE ?? 'serve') as keyof typeof modes]();
  process.on('message', (message: { type: string }) => {
    if (message.type !== 'stop') return;
    // A normal exit, so that --cpu-prof writes its profile.
    void app.close().then(() => process.exit(0));
  });
}

// The benchmark died (or was interrupted): do not outlive it.
process.on('disconnect', () => process.exit(1));

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
