/**
 * The top frames of a V8 CPU profile (as `npm run bench -- --profile` writes them), by self time
 * and by total time per file: what limits a figure.
 * Usage: node -r ./test/support/swc-register.js test/bench/profile-top.ts <file.cpuprofile> [count] [--last <seconds>]
 * `--last 30` keeps only the profile's last 30 s: measure 1's commands, which run after its two references.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { positionals, values } = parseArgs({ allowPositionals: true, options: { last: { type: 'string' } } });
const [file, count = '25'] = positionals;
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const sampledMicros = profile.timeDeltas.reduce((sum, delta) => sum + delta, 0);
const skippedMicros = values.last === undefined ? 0 : sampledMicros - Number(values.last) * 1e6;
/** The sampler's own entries, which stand for no caller: idle, garbage collection, V8's work. */
const SAMPLER_FRAMES = new Set(['(idle)', '(garbage collector)', '(program)', '(root)']);
const ownCode = new RegExp(`^file://${process.cwd().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(src|libs)/`);
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const self = new Map<string, number>();
const selfPerPlace = new Map<string, number>();
const perPackage = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
let elapsed = 0;
profile.samples.forEach((id, index) => {
  const micros = profile.timeDeltas[index] ?? 0;
  elapsed += micros;
  if (elapsed <= skippedMicros) return;
  total += micros;
  const frame = byId.get(id)!.callFrame;
  const name = `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
  self.set(name, (self.get(name) ?? 0) + micros);
  // Self time per place, native code (SQLite, hashing, socket writes) counted to the place that called it.
  let caller: number | undefined = id;
  while (caller !== undefined && byId.get(caller)!.callFrame.url === '' && !SAMPLER_FRAMES.has(byId.get(caller)!.callFrame.functionName)) {
    caller = parent.get(caller);
  }
  const owner = caller === undefined ? undefined : byId.get(caller)!.callFrame;
  // No caller of its own: a sampler entry (idle, GC), named as such.
  const where = owner === undefined ? '(native)' : owner.url === '' ? owner.functionName : place(owner.url);
  selfPerPlace.set(where, (selfPerPlace.get(where) ?? 0) + micros);
  // Total time per package or source folder: each sample counted once per place on its stack.
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) seen.add(place(byId.get(at)!.callFrame.url));
  for (const where of seen) perPackage.set(where, (perPackage.get(where) ?? 0) + micros);
  // Total time per function of the service's own code (src/, libs/).
  const functions = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const { functionName, url, lineNumber } = byId.get(at)!.callFrame;
    if (ownCode.test(url)) functions.add(`${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`);
  }
  for (const name of functions) inclusive.set(name, (inclusive.get(name) ?? 0) + micros);
});

const top = (map: Map<string, number>) =>
  [...map].sort((a, b) => b[1] - a[1]).slice(0, Number(count)).map(([name, micros]) => `${((100 * micros) / total).toFixed(1).padStart(5)}%  ${name}`);
console.log(`${(total / 1e6).toFixed(1)} s sampled\n\nself time:\n${top(self).join('\n')}\n\ntotal time by place:\n${top(perPackage).join('\n')}`);
console.log(`\nself time by place, native code counted to its caller:\n${top(selfPerPlace).join('\n')}`);
console.log(`\ntotal time by function of src/ and libs/:\n${top(inclusive).join('\n')}`);

function shortUrl(url: string): string {
  return url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '~/').replace(`${process.cwd()}/`, '');
}

/** A package (`@nestjs/core`), a source folder (`libs/projections`), or Node's internals. */
function place(url: string): string {
  if (url === '') return '(native or idle)';
  const short = shortUrl(url);
  if (short.startsWith('~/')) return short.split('/').slice(1, short.startsWith('~/@') ? 3 : 2).join('/');
  if (short.startsWith('node:')) return 'node internals';
  return short.split('/').slice(0, 2).join('/');
}
