import { BenchRequest, fetchInit, LoadResult } from './http-load';
import { percentile, round } from './percentiles';

export interface PacedLoadOptions {
  readonly baseUrl: string;
  /** Requests a second, sent evenly: one every 1000 / rate ms. */
  readonly rate: number;
  readonly durationSeconds: number;
  readonly next: () => BenchRequest;
}

/**
 * An open-model load: requests sent on a fixed schedule whatever the answers, each timed from
 * when it was due, so that a stall of the service shows in full in the latencies of everything
 * due during it. autocannon's own pacing (`overallRate`) is not that: each connection sends its
 * share of a second back to back at the start of the second and then waits, so the service sees
 * a burst at the concurrency of the connections every second; and its correction for coordinated
 * omission assumes a request every millisecond, adding made-up samples for every answer slower
 * than that (the bare Nest app at 1,000 requests/s on 50 connections: p99 82 ms, 10 ms without
 * the correction, 2 ms on one connection).
 */
export async function runPacedLoad(options: PacedLoadOptions): Promise<LoadResult> {
  const total = Math.round(options.rate * options.durationSeconds);
  const intervalMs = 1000 / options.rate;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let failures = 0;
  let firstFailure: string | undefined;
  const send = async (request: BenchRequest, dueAt: number): Promise<void> => {
    try {
      const response = await fetch(`${options.baseUrl}${request.path}`, fetchInit(request));
      const body = await response.text();
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      if (response.ok) latencies.push(performance.now() - dueAt);
      else firstFailure ??= `${response.status} ${body}`;
    } catch (error) {
      failures++;
      firstFailure ??= String(error);
    }
  };
  const started = performance.now();
  const inFlight: Array<Promise<void>> = [];
  for (let index = 0; index < total; index++) {
    const dueAt = started + index * intervalMs;
    const wait = dueAt - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(send(options.next(), dueAt));
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  const answered = Object.values(statuses).reduce((sum, count) => sum + count, 0);
  return {
    requests: answered + failures,
    perSecond: Math.round(latencies.length / seconds),
    p50Ms: round(percentile(latencies, 0.5)),
    p99Ms: round(percentile(latencies, 0.99)),
    errors: answered + failures - latencies.length,
    statuses,
    firstFailure,
  };
}
