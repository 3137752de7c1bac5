/**
 * The benchmark of issue 7: six figures, each beside its own reference in the same run.
 *   npm run bench                 # the full run, under 10 minutes
 *   npm run bench -- --quick      # smaller and shorter, under a minute
 *   npm run bench -- --profile    # also writes V8 CPU profiles of the service (--cpu-prof);
 *                                 # read them with test/bench/profile-top.ts
 *   npm run bench -- --only 2     # one measure (1 to 5, or 7), its raw figures printed: for profiling it
 *   BENCH_NO_PROJECTIONS=1 npm run bench -- --only 1   # the service without read models: what they cost
 *   npm run bench -- --out <file> # JSON figures (default test/artifacts/bench/latest.json)
 * The service runs in child processes (test/bench/support/service-host.ts), the load here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { measureCommands } from './measures/commands.measure';
import { measureFreshness } from './measures/freshness.measure';
import { measureHistory } from './measures/history.measure';
import { measureImport } from './measures/import.measure';
import { measureRebuild } from './measures/rebuild.measure';
import { measureRebuildLoad } from './measures/rebuild-load.measure';
import { BenchSizes, FULL, QUICK } from './support/bench-sizes';
import { World, writeWorld } from './support/bench-world';
import { markdownTable, writeJson } from './support/report';
import { BENCH_KEY, ServiceChild } from './support/service-child';

const ARTIFACTS = join(__dirname, '..', 'artifacts', 'bench');

async function main() {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const profileDir = args.includes('--profile') ? join(ARTIFACTS, 'profiles') : undefined;
  const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : join(ARTIFACTS, quick ? 'latest-quick.json' : 'latest.json');
  const sizes = quick ? QUICK : FULL;
  if (args.includes('--only')) return only(args[args.indexOf('--only') + 1], sizes, profileDir);
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  const started = performance.now();
  const step = (text: string) => console.error(`[${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${text}`);
  try {
    step('writing the world (managers, accounts, open deals, long histories)');
    const sqlitePath = join(dir, 'service.db');
    const world = await prepareWorld(sqlitePath, sizes.world);
    step(`${world.events.toLocaleString('en-US')} events; starting the service`);
    const service = ServiceChild.start({ sqlitePath, mode: 'serve', profileDir });
    const served = await serviceMeasures(service, world, sizes, step).finally(() => service.stop());
    step('3. rebuild (writing the log first)');
    const rebuild = await measureRebuild(dir, sizes, profileDir);
    step('5. import of the Maven CRM export');
    const imported = await measureImport(dir);
    const { commands, history, freshness, rebuildLoad, commandsPeakRssMb } = served;
    const figures = { quick, commands, history, rebuild, freshness, import: imported, memory: { commandsPeakRssMb, rebuildPeakRssMb: rebuild.peakRssMb }, rebuildLoad };
    console.log(markdownTable(figures));
    writeJson(out, figures, { ranAt: new Date().toISOString(), wallSeconds: Math.round((performance.now() - started) / 1000) });
    step(`figures written to ${out}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One measure alone, its figures as JSON: a profile of the service then shows that measure only. */
async function only(measure: string, sizes: BenchSizes, profileDir?: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  try {
    if (measure === '3') return console.log(JSON.stringify(await measureRebuild(dir, sizes, profileDir), null, 2));
    if (measure === '5') return console.log(JSON.stringify(await measureImport(dir), null, 2));
    const measures = {
      '1': (service: ServiceChild, baseUrl: string, world: World) => measureCommands(service, baseUrl, world, sizes),
      '2': (_service: ServiceChild, baseUrl: string, world: World) => measureHistory(baseUrl, world, sizes),
      '4': (_service: ServiceChild, baseUrl: string, world: World) => measureFreshness(baseUrl, world, sizes),
      '7': (_service: ServiceChild, baseUrl: string, world: World) => measureRebuildLoad(baseUrl, world, sizes),
    };
    if (!(measure in measures)) throw new Error('--only takes 1, 2, 3, 4, 5 or 7');
    const sqlitePath = join(dir, 'service.db');
    const world = await prepareWorld(sqlitePath, sizes.world);
    const service = ServiceChild.start({ sqlitePath, mode: 'serve', profileDir });
    try {
      const baseUrl = `http://127.0.0.1:${(await service.message('listening')).port}`;
      if (process.env.BENCH_NO_PROJECTIONS !== '1') await caughtUp(baseUrl, world.events);
      service.watchMemory();
      const figures = await measures[measure as keyof typeof measures](service, baseUrl, world);
      console.log(JSON.stringify({ ...figures, peakRssMb: service.peakRssMb() }, null, 2));
    } finally {
      await service.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** 1, 2, 4 and 7 on one running service, in that order (6 is its peak RSS during 1). */
async function serviceMeasures(service: ServiceChild, world: World, sizes: BenchSizes, step: (text: string) => void) {
  const { port } = await service.message('listening');
  const baseUrl = `http://127.0.0.1:${port}`;
  await caughtUp(baseUrl, world.events);
  step('1. commands over HTTP, beside the bare endpoint');
  service.watchMemory();
  const commands = await measureCommands(service, baseUrl, world, sizes);
  const commandsPeakRssMb = service.peakRssMb();
  step('2. latency against history length');
  const history = await measureHistory(baseUrl, world, sizes);
  step('4. freshness at a sustained rate');
  const freshness = await measureFreshness(baseUrl, world, sizes);
  // Last: its rebuilds switch every read model to a new generation.
  step('7. commands during rebuilds');
  const rebuildLoad = await measureRebuildLoad(baseUrl, world, sizes);
  return { commands, history, freshness, rebuildLoad, commandsPeakRssMb };
}

async function prepareWorld(sqlitePath: string, size: typeof FULL.world): Promise<World> {
  const store = new SqliteEventStore({ path: sqlitePath });
  try {
    return await writeWorld(store, size);
  } finally {
    await store.close();
  }
}

/** Waits until the service's read models have applied the prepared world, so no measure pays for it. */
async function caughtUp(baseUrl: string, position: number): Promise<void> {
  for (;;) {
    const response = await fetch(`${baseUrl}/bench/visible?position=${position}`, { headers: { authorization: `Bearer ${BENCH_KEY}` } });
    if (response.ok && ((await response.json()) as { visible: boolean }).visible) return;
    // Applied but still building indexes: ask again in a moment.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
