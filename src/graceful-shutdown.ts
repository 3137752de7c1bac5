import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { ProjectionSupervisor } from '@ledger/projections';

const DRAIN_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];
/** Orchestrators send SIGKILL 30 s after SIGTERM by default: give up (exit 1) before that. */
const DRAIN_DEADLINE_MS = 25_000;
/** How long the read models may take to apply what the last requests wrote. */
const CATCH_UP_MS = 10_000;
/**
 * Node closes idle keep-alive connections once, when the server starts closing; a connection that
 * goes idle after answering its last request would then hold the close up for the keep-alive
 * timeout (72 s in Fastify). Sweeping this often closes each one as soon as it is done.
 */
const IDLE_SWEEP_MS = 50;

/**
 * Builds the app without Nest's handlers for SIGTERM and SIGINT (which `createApp` turns on): they
 * stop the read models before the HTTP server, so requests still in flight write events the read
 * models apply only at the next start, and they end the process by raising the signal again, so it
 * never exits 0. `drainOnSignals` handles these two signals instead.
 */
export async function withoutNestDrainHandlers<T>(create: () => Promise<T>): Promise<T> {
  const before = new Map(DRAIN_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const app = await create();
  for (const signal of DRAIN_SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.off(signal, listener);
    }
  }
  return app;
}

/**
 * On SIGTERM or SIGINT: stop taking requests and let those in flight finish, let the read models
 * and reactors apply everything written (so the next start replays nothing), stop them, close the
 * store, and exit 0. Exits 1 if that takes longer than DRAIN_DEADLINE_MS.
 */
export function drainOnSignals(app: NestFastifyApplication, logger = new Logger('Shutdown')): void {
  let draining = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (draining) return logger.warn(`${signal} again: still draining`);
    draining = true;
    setTimeout(() => {
      logger.error(`Draining took over ${DRAIN_DEADLINE_MS} ms: exiting anyway`);
      process.exit(1);
    }, DRAIN_DEADLINE_MS).unref();
    drain(app, signal, logger).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'Draining failed');
        process.exit(1);
      },
    );
  };
  for (const signal of DRAIN_SIGNALS) process.on(signal, onSignal);
}

async function drain(app: NestFastifyApplication, signal: NodeJS.Signals, logger: Logger): Promise<void> {
  logger.log(`${signal}: draining: no new requests; requests in flight finish`);
  await closeHttpServer(app);
  logger.log('Requests finished; read models catching up with the log');
  await catchUp(app.get(ProjectionSupervisor), app.get<EventStore>(EVENT_STORE), logger);
  // Read models and reactors stop after their current batch, then the store closes.
  await app.close();
  logger.log('Drained: exiting');
}

async function closeHttpServer(app: NestFastifyApplication): Promise<void> {
  const server = app.getHttpServer();
  const sweeper = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
  try {
    await app.getHttpAdapter().close();
  } finally {
    clearInterval(sweeper);
  }
}

/** Until every running read model and reactor has applied the head, and the reactors wrote no more. */
async function catchUp(supervisor: ProjectionSupervisor, store: EventStore, logger: Logger): Promise<void> {
  const deadline = Date.now() + CATCH_UP_MS;
  for (let head = await store.headPosition(); head !== null; ) {
    const running = supervisor.names().map((name) => supervisor.runner(name)).filter((runner) => runner.status === 'running');
    const reached = await Promise.all(running.map((runner) => runner.waitFor(head!, Math.max(0, deadline - Date.now()))));
    if (reached.includes(false)) {
      logger.warn(`Read models did not reach position ${head} within ${CATCH_UP_MS} ms; they resume from their checkpoints at the next start`);
      return;
    }
    const after = await store.headPosition();
    if (after === head) return;
    head = after;
  }
}
