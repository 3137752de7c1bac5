import 'reflect-metadata';
import { CommanderError } from 'commander';
import { CliError, EXIT } from './cli-errors';
import { cliProgram } from './program';

/**
 * Exit codes: 0 done, 1 failed (a missing folder, an unreachable server, a store error), 2 usage
 * (an unknown command or option, a missing argument). Errors go to stderr as one line.
 */
async function main(argv: string[]): Promise<number> {
  try {
    await cliProgram().parseAsync(argv);
    return EXIT.ok;
  } catch (error) {
    return exitCodeFor(error);
  }
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (and the usage) to stderr.
    const asked = ['commander.helpDisplayed', 'commander.version'].includes(error.code);
    return asked ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof CliError) {
    process.stderr.write(`error: ${error.message}\n`);
    return error.exitCode;
  }
  process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return EXIT.error;
}

// exitCode rather than exit(): stdout (a long JSON summary into a pipe) is flushed first.
void main(process.argv).then((code) => {
  process.exitCode = code;
});
