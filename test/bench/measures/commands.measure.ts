import type { BenchSizes } from '../support/bench-sizes';
import type { World } from '../support/bench-world';
import { commandMix } from '../support/command-mix';
import { BenchRequest, LoadResult, runLoad } from '../support/http-load';

export interface CommandsFigures {
  readonly bare: LoadResult;
  readonly commands: LoadResult;
  /** Commands/s as a share of the bare endpoint's requests/s. */
  readonly ratio: number;
}

/** The reference request: the bench's bare route, with a body validated as a reassignment's is. */
export const bareRequest = (): BenchRequest => ({ method: 'POST', path: '/bench/bare', body: { toManagerId: 'bm1', reason: 'Territory realignment' } });

/**
 * 1. Commands over HTTP: the bare endpoint of the same app first, then the realistic mix, each
 * after a short warm-up (the JIT, the caches), with the same connections.
 */
export async function measureCommands(baseUrl: string, world: World, sizes: BenchSizes): Promise<CommandsFigures> {
  const load = (next: typeof bareRequest, durationSeconds: number) => runLoad({ baseUrl, connections: sizes.connections, durationSeconds, next });
  await load(bareRequest, sizes.warmUpSeconds);
  const bare = await load(bareRequest, sizes.bareSeconds);
  const mix = commandMix(world, `mix-${Date.now()}`);
  await load(mix, sizes.warmUpSeconds);
  const commands = await load(mix, sizes.commandSeconds);
  return { bare, commands, ratio: commands.perSecond / bare.perSecond };
}
