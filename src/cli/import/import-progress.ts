import { Presets, SingleBar } from 'cli-progress';
import type { ImportOptions } from './maven-crm.import';

/** A progress bar on stderr, for a person watching a terminal; scripts get none. */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): ImportOptions['progress'] {
  if (!stream.isTTY) return undefined;
  const bar = new SingleBar(
    { stream, format: 'importing [{bar}] {percentage}% | {value}/{total} commands | {eta_formatted} left', hideCursor: true, clearOnComplete: true },
    Presets.shades_classic,
  );
  return {
    start: (total) => bar.start(total, 0),
    tick: () => bar.increment(),
    stop: () => bar.stop(),
  };
}
