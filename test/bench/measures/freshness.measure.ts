import type { BenchSizes } from '../support/bench-sizes';
import type { World } from '../support/bench-world';
import { PROBE_HEADER } from '../support/bench.module';
import { commandMix, toggleKey } from '../support/command-mix';
import { BenchRequest, fetchInit, LoadResult, runLoad } from '../support/http-load';
import { percentile } from '../support/percentiles';

export interface FreshnessFigures {
  readonly background: LoadResult;
  readonly probes: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly probeErrors: number;
}

/** Between two probes: about 30 a second on top of the sustained load. */
const PROBE_GAP_MS = 30;

/**
 * 4. Freshness: under the mix at a sustained rate, probes send commands marked with a header;
 * the service times each from its answer to every read model having applied it (see
 * FreshnessProbe in bench.module.ts), and hands the times over at the end.
 */
export async function measureFreshness(baseUrl: string, world: World, sizes: BenchSizes): Promise<FreshnessFigures> {
  await send(baseUrl, { method: 'GET', path: '/bench/freshness' });
  const background = runLoad({ baseUrl, connections: sizes.connections, overallRate: sizes.freshnessRate, durationSeconds: sizes.freshnessSeconds, next: commandMix(world, `fresh-${Date.now()}`) });
  const deadline = Date.now() + sizes.freshnessSeconds * 1000 - 500;
  let probeErrors = 0;
  for (let n = 0; Date.now() < deadline; n++) {
    await new Promise((resolve) => setTimeout(resolve, PROBE_GAP_MS));
    const probe = toggleKey(world.shortHistories[n % world.shortHistories.length], `probe-${Date.now()}-${n}`);
    if (!(await send(baseUrl, probe, { [PROBE_HEADER]: '1' })).ok) probeErrors++;
  }
  const loaded = await background;
  // The last probes' read models may still be applying: their times come in within milliseconds.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const { lags } = (await send(baseUrl, { method: 'GET', path: '/bench/freshness' })).body as { lags: number[] };
  return {
    background: loaded, probes: lags.length, p50Ms: percentile(lags, 0.5), p99Ms: percentile(lags, 0.99), maxMs: Math.max(...lags),
    probeErrors: probeErrors + lags.filter((lag) => lag === Infinity).length,
  };
}

async function send(baseUrl: string, request: BenchRequest, extraHeaders: Record<string, string> = {}): Promise<{ ok: boolean; body: unknown }> {
  const response = await fetch(`${baseUrl}${request.path}`, fetchInit(request, extraHeaders));
  return { ok: response.ok, body: await response.json() };
}
