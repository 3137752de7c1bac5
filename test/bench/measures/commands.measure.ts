import type { BenchSizes } from '../support/bench-sizes';
import type { World } from '../support/bench-world';
import { commandMix } from '../support/command-mix';
import { BenchRequest, LoadResult, runLoad } from '../support/http-load';
import { ServiceChild } from '../support/service-child';

/** A load's figures, with the CPU time its server used per answered request. */
export interface MeasuredLoad extends LoadResult {
  /** The server process's CPU time (all threads) over the load, divided by the requests answered. */
  readonly cpuMsPerRequest: number;
}

export interface CommandsFigures {
  /** The same request to a bare Nest app (framework-floor.ts): what the framework alone allows. */
  readonly floor: MeasuredLoad;
  readonly bare: MeasuredLoad;
  readonly commands: MeasuredLoad;
  /** Commands/s as a share of the bare endpoint's requests/s. */
  readonly ratio: number;
  /** Commands/s as a share of the floor's requests/s. */
  readonly floorRatio: number;
}

/** The reference request: the bench's bare route, with a body validated as a reassignment's is. */
export const bareRequest = (): BenchRequest => ({ method: 'POST', path: '/bench/bare', body: { toManagerId: 'bm1', reason: 'Territory realignment' } });

/**
 * 1. Commands over HTTP: the bare request to a bare Nest app in a child of its own (stopped
 * before the service is loaded), then to the bare endpoint of the service, then the realistic
 * mix, each after a short warm-up (the JIT, the caches), with the same connections.
 */
export async function measureCommands(service: ServiceChild, baseUrl: string, world: World, sizes: BenchSizes): Promise<CommandsFigures> {
  const floor = await measureFloor(sizes);
  const bare = await warmedLoad(service, baseUrl, bareRequest, sizes, sizes.bareSeconds);
  const commands = await warmedLoad(service, baseUrl, commandMix(world, `mix-${Date.now()}`), sizes, sizes.commandSeconds);
  return { floor, bare, commands, ratio: commands.perSecond / bare.perSecond, floorRatio: commands.perSecond / floor.perSecond };
}

async function measureFloor(sizes: BenchSizes): Promise<MeasuredLoad> {
  const app = ServiceChild.start({ mode: 'floor' });
  try {
    const { port } = await app.message('listening');
    return await warmedLoad(app, `http://127.0.0.1:${port}`, bareRequest, sizes, sizes.bareSeconds);
  } finally {
    await app.stop();
  }
}

async function warmedLoad(server: ServiceChild, baseUrl: string, next: () => BenchRequest, sizes: BenchSizes, durationSeconds: number): Promise<MeasuredLoad> {
  await runLoad({ baseUrl, connections: sizes.connections, durationSeconds: sizes.warmUpSeconds, next });
  const cpuBefore = server.cpuMs();
  const result = await runLoad({ baseUrl, connections: sizes.connections, durationSeconds, next });
  return { ...result, cpuMsPerRequest: (server.cpuMs() - cpuBefore) / result.requests };
}
