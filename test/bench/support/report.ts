import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname } from 'node:path';
import type { CommandsFigures } from '../measures/commands.measure';
import type { FreshnessFigures } from '../measures/freshness.measure';
import type { HistoryFigures } from '../measures/history.measure';
import type { ImportFigures } from '../measures/import.measure';
import type { RebuildFigures } from '../measures/rebuild.measure';
import type { RebuildLoadFigures } from '../measures/rebuild-load.measure';
import { round } from './percentiles';

export interface BenchFigures {
  readonly quick: boolean;
  readonly commands: CommandsFigures;
  readonly history: HistoryFigures;
  readonly rebuild: RebuildFigures;
  readonly freshness: FreshnessFigures;
  readonly import: ImportFigures;
  readonly memory: { readonly commandsPeakRssMb: number; readonly rebuildPeakRssMb: number };
  readonly rebuildLoad: RebuildLoadFigures;
}

interface Line {
  readonly measure: string;
  readonly figure: string;
  readonly reference: string;
  readonly target: string;
  /** Null: a figure the issue sets no target for. */
  readonly met: boolean | null;
}

const n = (value: number) => Math.round(value).toLocaleString('en-US');
const ms = (value: number) => `${round(value)} ms`;
/** The server's CPU time per request (all its threads), in µs. */
const cpu = (load: { readonly cpuMsPerRequest: number }) => `${n(load.cpuMsPerRequest * 1000)} µs CPU each`;

/** One line per figure, beside its reference and the target. */
export function lines(f: BenchFigures): Line[] {
  const { commands, bare, floor } = f.commands;
  return [
    {
      measure: '1. commands over HTTP (50 connections, mix)',
      figure: `${n(commands.perSecond)}/s, p50 ${ms(commands.p50Ms)}, p99 ${ms(commands.p99Ms)}, ${commands.errors} errors; ${cpu(commands)}`,
      reference:
        `bare endpoint ${n(bare.perSecond)}/s, p99 ${ms(bare.p99Ms)}, ${cpu(bare)}; ratio ${Math.round(f.commands.ratio * 100)}%. ` +
        `Bare Nest app ${n(floor.perSecond)}/s, p99 ${ms(floor.p99Ms)}, ${cpu(floor)}; ratio ${Math.round(f.commands.floorRatio * 100)}%`,
      target: '≥ 4,000/s, p99 < 25 ms, ≥ 40%, 0 errors',
      met: commands.perSecond >= 4000 && commands.p99Ms < 25 && f.commands.ratio >= 0.4 && commands.errors === 0,
    },
    {
      measure: `2. latency vs history (${n(f.history.shortEvents)} / ${n(f.history.longEvents)} events)`,
      figure: `long: p50 ${ms(f.history.long.p50Ms)}, p99 ${ms(f.history.long.p99Ms)}; ratio ${round(f.history.p99Ratio, 2)}`,
      reference: `short: p50 ${ms(f.history.short.p50Ms)}, p99 ${ms(f.history.short.p99Ms)}`,
      target: 'p99 ratio ≤ 1.5',
      met: f.history.p99Ratio <= 1.5 && f.history.errors === 0,
    },
    {
      measure: `3. rebuild of all read models (${n(f.rebuild.events)} events)`,
      figure: `${n(f.rebuild.rebuildPerSecond)} events/s, ${round(f.rebuild.rebuildSeconds, 2)} s`,
      reference: `plain read ${n(f.rebuild.plainReadPerSecond)} events/s, ${round(f.rebuild.plainReadSeconds, 2)} s`,
      target: '≥ 100,000 events/s',
      met: f.rebuild.rebuildPerSecond >= 100_000,
    },
    {
      measure: `4. freshness at ${n(f.freshness.background.perSecond)} commands/s`,
      figure: `p50 ${ms(f.freshness.p50Ms)}, p99 ${ms(f.freshness.p99Ms)} (${f.freshness.probes} probes)`,
      reference: `max ${ms(f.freshness.maxMs)}; the load's p99 ${ms(f.freshness.background.p99Ms)}, ${f.freshness.background.errors + f.freshness.probeErrors} errors`,
      target: 'p99 < 100 ms',
      met: f.freshness.p99Ms < 100 && f.freshness.probeErrors === 0 && f.freshness.background.errors === 0,
    },
    {
      measure: '5. import of the Maven CRM export',
      figure: `${round(f.import.seconds, 2)} s (${n(f.import.events)} events)`,
      reference: `CLI process ${round(f.import.processSeconds, 2)} s`,
      target: '< 5 s',
      met: f.import.seconds < 5,
    },
    {
      measure: '6. peak RSS of the service',
      figure: `${f.memory.commandsPeakRssMb} MB during 1, ${f.memory.rebuildPeakRssMb} MB during 3`,
      reference: '',
      target: '< 400 MB',
      met: Math.max(f.memory.commandsPeakRssMb, f.memory.rebuildPeakRssMb) < 400,
    },
    {
      measure: `7. commands at ${n(f.rebuildLoad.alone.perSecond)}/s during rebuilds (${f.rebuildLoad.rebuilds} of ${n(f.rebuildLoad.logHead)} events)`,
      figure: `${n(f.rebuildLoad.duringRebuilds.perSecond)}/s, p50 ${ms(f.rebuildLoad.duringRebuilds.p50Ms)}, p99 ${ms(f.rebuildLoad.duringRebuilds.p99Ms)}, ${f.rebuildLoad.duringRebuilds.errors} errors`,
      reference: `alone: p50 ${ms(f.rebuildLoad.alone.p50Ms)}, p99 ${ms(f.rebuildLoad.alone.p99Ms)}, ${f.rebuildLoad.alone.errors} errors`,
      target: '—',
      met: null,
    },
  ];
}

/** The table as Markdown, for the terminal and for the README's Performance section. */
export function markdownTable(f: BenchFigures): string {
  const rows = lines(f).map((line) => `| ${line.measure} | ${line.figure} | ${line.reference} | ${line.target} | ${line.met === null ? '—' : line.met ? 'yes' : 'no'} |`);
  return ['| measure | figure | reference (same run) | target | met |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

export function machine() {
  return { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version };
}

export function writeJson(path: string, figures: BenchFigures, extra: object): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify({ ...extra, machine: machine(), figures, lines: lines(figures) }, null, 2)}\n`);
}
