import { RunnerFailure, RunnerStatus } from './projection-runner';
import { ReadStore } from './read-store.port';

/** How often read-your-writes looks at the store's checkpoint when another instance applies the events. */
export const STANDBY_POLL_MS = 50;

/** What the status of a projection shows, whether it runs here or not. */
export interface RunnerView {
  readonly name: string;
  readonly status: RunnerStatus | 'standby';
  readonly failure?: RunnerFailure;
  checkpoint(): bigint | null;
  eventsPerSecond(): number;
}

/** A projection another instance runs, seen from here: its active generation's checkpoint. */
export async function standbyView(store: ReadStore, name: string): Promise<RunnerView> {
  const [current] = await store.generations(name);
  const checkpoint = current?.state === 'active' ? current.checkpoint : null;
  return { name, status: 'standby', checkpoint: () => checkpoint, eventsPerSecond: () => 0 };
}

/**
 * Resolves true once the active generation of `name` has a checkpoint at or past `position`,
 * false after `timeoutMs`. `onActive` hears the active generation at each look (a rebuild may
 * have switched it).
 */
export async function pollCheckpoint(
  store: ReadStore,
  name: string,
  position: bigint,
  timeoutMs: number,
  onActive: (generation: number) => void,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [current] = await store.generations(name);
    if (current?.state === 'active') {
      onActive(current.generation);
      if ((current.checkpoint ?? -1n) >= position) return true;
    }
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(STANDBY_POLL_MS, left)));
  }
}
