import type { BenchSizes } from '../support/bench-sizes';
import type { World } from '../support/bench-world';
import { commandMix, toggleKey } from '../support/command-mix';
import { BenchRequest, LoadResult, runLoad } from '../support/http-load';
import { percentile } from '../support/percentiles';
import { BENCH_KEY } from '../support/service-child';

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
 * 4. Freshness: under the mix at a sustained rate, a probe sends a command, and as soon as it is
 * answered asks `GET /bench/visible?position=` (the supervisor's wait for every read model, as
 * `minPosition` uses it). The lag is from the command's answer to that answer: an upper bound,
 * one local round trip (well under a millisecond) above the true lag.
 */
export async function measureFreshness(baseUrl: string, world: World, sizes: BenchSizes): Promise<FreshnessFigures> {
  const background = runLoad({ baseUrl, connections: 10, overallRate: sizes.freshnessRate, durationSeconds: sizes.freshnessSeconds, next: commandMix(world, `fresh-${Date.now()}`) });
  const deadline = Date.now() + sizes.freshnessSeconds * 1000 - 500;
  const lags: number[] = [];
  let probeErrors = 0;
  for (let n = 0; Date.now() < deadline; n++) {
    await new Promise((resolve) => setTimeout(resolve, PROBE_GAP_MS));
    const command = await send(baseUrl, toggleKey(world.shortHistories[n % world.shortHistories.length], `probe-${Date.now()}-${n}`));
    const answered = performance.now();
    const visible = command.ok ? await send(baseUrl, { method: 'GET', path: `/bench/visible?position=${command.body.position}` }) : command;
    if (!visible.ok || !visible.body.visible) probeErrors++;
    else lags.push(performance.now() - answered);
  }
  return { background: await background, probes: lags.length, p50Ms: percentile(lags, 0.5), p99Ms: percentile(lags, 0.99), maxMs: Math.max(...lags), probeErrors };
}

async function send(baseUrl: string, request: BenchRequest): Promise<{ ok: boolean; body: any }> {
  const headers: Record<string, string> = { authorization: `Bearer ${BENCH_KEY}` };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  if (request.idempotencyKey) headers['idempotency-key'] = request.idempotencyKey;
  const response = await fetch(`${baseUrl}${request.path}`, { method: request.method, headers, body: request.body === undefined ? undefined : JSON.stringify(request.body) });
  return { ok: response.ok, body: await response.json() };
}
