import { Command } from 'commander';
import { auditCommand } from './audit/audit.command';
import { importCommand } from './import/import.command';
import { projectionsCommand } from './projections/projections.command';

/** The operators' CLI: `npm run cli -- <command>`. */
export function cliProgram(out: NodeJS.WritableStream = process.stdout): Command {
  const program = new Command('ledger')
    .usage('<command> [options]   (npm run cli -- <command>)')
    .description("Key-account ledger: operators' commands. Reads the same environment as the server (SQLITE_PATH, PORT, API_KEYS, ...).");
  program.addCommand(importCommand(out));
  program.addCommand(projectionsCommand(out));
  program.addCommand(auditCommand(out));
  throwInsteadOfExiting(program);
  return program;
}

/** Commander exits by itself on a usage error; main() wants the error, to exit 2 like every usage error. */
function throwInsteadOfExiting(command: Command): void {
  command.exitOverride().showHelpAfterError();
  for (const subcommand of command.commands) throwInsteadOfExiting(subcommand);
}
