import { Command } from 'commander';
import type { ProjectionStatus } from '@ledger/projections';
import { cliConfig } from '../cli-context';
import { AdminApi } from './admin-api';
import { adminKey } from './admin-key';
import { textTable } from './text-table';

interface ServerFlags {
  readonly url?: string;
  readonly json?: boolean;
}

/** `projections status` and `projections rebuild [name]`, asked of the running server. */
export function projectionsCommand(out: NodeJS.WritableStream): Command {
  const command = new Command('projections').description("the server's read models: status and rebuilds (needs the server running)");
  const api = (flags: ServerFlags) => {
    const config = cliConfig();
    return new AdminApi(flags.url ?? `http://127.0.0.1:${config.PORT}`, adminKey(config));
  };
  withServerOptions(command.command('status').description('status, checkpoint, lag and throughput of each read model'))
    .action(async (flags: ServerFlags) => {
      const statuses = await api(flags).status();
      out.write(`${flags.json ? JSON.stringify(statuses, null, 2) : statusTable(statuses)}\n`);
    });
  withServerOptions(command.command('rebuild').description('rebuild a read model (all of them without a name) beside the live one'))
    .argument('[name]', 'read model to rebuild, as `projections status` names it')
    .action(async (name: string | undefined, flags: ServerFlags) => {
      const server = api(flags);
      // Reactors (the offboarding process) have no generation: they resume, they are not rebuilt.
      const names = name ? [name] : (await server.status()).filter((status) => status.generation !== undefined).map((status) => status.name);
      const started = [];
      for (const projection of names) started.push(await server.rebuild(projection));
      out.write(`${flags.json ? JSON.stringify(started, null, 2) : started.map((one) => `rebuilding ${one.projection} as generation ${one.generation}`).join('\n')}\n`);
    });
  return command;
}

function withServerOptions(command: Command): Command {
  return command
    .option('--url <url>', 'base URL of the server (default http://127.0.0.1:$PORT)')
    .option('--json', 'print the answer as JSON');
}

function statusTable(statuses: readonly ProjectionStatus[]): string {
  const rows = statuses.map((status) => [
    status.name,
    status.status,
    status.generation ?? '-',
    status.checkpoint ?? '-',
    status.head ?? '-',
    `${status.lagEvents}${status.lagEventsCapped ? '+' : ''}`,
    status.lagMs,
    Math.round(status.eventsPerSecond),
    status.rebuild ? `gen ${status.rebuild.generation} ${status.rebuild.state} ${Math.round(status.rebuild.progress * 100)}%` : '',
    status.failure ? `${status.failure.eventType} at ${status.failure.position}: ${status.failure.error}` : '',
  ]);
  return textTable(['name', 'status', 'generation', 'checkpoint', 'head', 'lag events', 'lag ms', 'events/s', 'rebuild', 'failure'], rows);
}
