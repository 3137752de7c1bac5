import type { BenchSizes } from '../support/bench-sizes';
import type { World } from '../support/bench-world';
import { commandMix } from '../support/command-mix';
import type { LoadResult } from '../support/http-load';
import { runPacedLoad } from '../support/paced-load';
import { ADMIN_KEY } from '../support/service-child';

export interface RebuildLoadFigures {
  /** The mix at the paced rate on a service doing nothing else: the reference. */
  readonly alone: LoadResult;
  /** The same load while the read models are rebuilt one after another. */
  readonly duringRebuilds: LoadResult;
  readonly rebuilds: number;
  /** The log's last position when the rebuilds started: about the events each one replays (the SQLite log counts from 1). */
  readonly logHead: number;
}

/** Rebuilt in turn: every read model the service has. */
const READ_MODELS = ['account-directory', 'manager-workloads', 'key-account-share', 'account-streams'];
const POLL_MS = 50;
/**
 * The load runs this long before the reference is taken, not timed: on a service just started
 * (`--only 7`) its first second or so stalls the event loop for 30 to 50 ms at a time (code not
 * yet optimised, streams not yet in the command cache), which the reference must not count.
 */
const WARM_UP_SECONDS = 2;

/**
 * 7. Commands during rebuilds (no target; issue 7 asks that a rebuild not take the service away
 * for long): the command mix sent evenly at a fixed rate (runPacedLoad), after a warm-up, first
 * alone, then while `POST /admin/projections/{name}/rebuild` rebuilds the read models one after
 * another, each waited for until it has switched in. A rebuild applies its batches on the event loop the commands share,
 * so what it costs them is each batch's time.
 */
export async function measureRebuildLoad(baseUrl: string, world: World, sizes: BenchSizes): Promise<RebuildLoadFigures> {
  const load = (run: string, durationSeconds = sizes.rebuildLoadSeconds) =>
    runPacedLoad({ baseUrl, rate: sizes.rebuildLoadRate, durationSeconds, next: commandMix(world, `${run}-${Date.now()}`) });
  await load('warm-up', WARM_UP_SECONDS);
  const alone = await load('alone');
  const logHead = Number((await projections(baseUrl))[0].head);
  const stop = new AbortController();
  // Together, so that a refused or failed rebuild ends the measure at once with its reason.
  const [duringRebuilds, rebuilds] = await Promise.all([load('rebuilding').finally(() => stop.abort()), rebuildInTurn(baseUrl, stop.signal)]);
  return { alone, duringRebuilds, rebuilds, logHead };
}

/** Rebuilds the read models one after another until `signal`; resolves with how many finished. */
async function rebuildInTurn(baseUrl: string, signal: AbortSignal): Promise<number> {
  let finished = 0;
  for (let turn = 0; !signal.aborted; turn++) {
    const name = READ_MODELS[turn % READ_MODELS.length];
    const started = await admin(baseUrl, 'POST', `/admin/projections/${name}/rebuild`);
    if (!started.ok) throw new Error(`rebuild of ${name} refused: ${started.status} ${await started.text()}`);
    while (await rebuildRunning(baseUrl, name)) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    finished++;
  }
  return finished;
}

async function rebuildRunning(baseUrl: string, name: string): Promise<boolean> {
  const state = (await projections(baseUrl)).find((projection) => projection.name === name)?.rebuild?.state;
  if (state === 'failed') throw new Error(`the rebuild of ${name} failed`);
  return state === 'running' || state === 'switching';
}

/** What measure 7 reads of `GET /admin/projections`. */
interface ProjectionView {
  readonly name: string;
  readonly head: string | null;
  readonly rebuild?: { readonly state: string };
}

async function projections(baseUrl: string): Promise<ProjectionView[]> {
  const response = await admin(baseUrl, 'GET', '/admin/projections');
  if (!response.ok) throw new Error(`GET /admin/projections: ${response.status}`);
  return ((await response.json()) as { projections: ProjectionView[] }).projections;
}

const admin = (baseUrl: string, method: 'GET' | 'POST', path: string) =>
  fetch(`${baseUrl}${path}`, { method, headers: { authorization: `Bearer ${ADMIN_KEY}` } });
