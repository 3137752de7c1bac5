import { Command } from 'commander';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { exportLog, verifyLog } from '../../audit/log-audit';
import { cliConfig, openCliContext } from '../cli-context';
import { CliError, EXIT } from '../cli-errors';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/;

/** `audit verify` and `audit export`: the same services as GET /audit/verify and /audit/export, on the local log. */
export function auditCommand(out: NodeJS.WritableStream): Command {
  const command = new Command('audit').description('tamper evidence and export of the log');
  command
    .command('verify')
    .description("recompute every stream's hash chain; exit 1 and name the first broken event if the log was altered")
    .option('--json', 'print the report as JSON')
    .action(async (flags: { json?: boolean }) => {
      const report = await withEventStore((store) => verifyLog(store));
      const summary = report.intact
        ? `intact: ${report.eventsChecked} events checked in ${report.durationMs} ms`
        : `ALTERED: ${report.breaks} break(s); first at position ${report.firstBreak!.position} (${report.firstBreak!.stream} revision ${report.firstBreak!.revision}, ${report.firstBreak!.reason})`;
      out.write(`${flags.json ? JSON.stringify(report, null, 2) : summary}\n`);
      if (!report.intact) throw new CliError('the log was altered (see above)');
    });
  command
    .command('export')
    .description('the log as NDJSON, one event per line, streamed (to stdout unless --out)')
    .option('--from <date>', 'events recorded from (inclusive)')
    .option('--to <date>', 'events recorded until (inclusive; a date covers its whole day)')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (flags: { from?: string; to?: string; out?: string }) => {
      for (const bound of [flags.from, flags.to]) {
        if (bound !== undefined && (!ISO_DATE.test(bound) || Number.isNaN(Date.parse(bound)))) {
          throw new CliError(`${bound} is not an ISO 8601 date or timestamp`, EXIT.usage);
        }
      }
      const target = flags.out ? createWriteStream(flags.out) : out;
      await withEventStore((store) => pipeline(Readable.from(exportLog(store, flags)), target, { end: flags.out !== undefined }));
    });
  return command;
}

async function withEventStore<T>(work: (store: EventStore) => Promise<T>): Promise<T> {
  const context = await openCliContext(cliConfig());
  try {
    return await work(context.get<EventStore>(EVENT_STORE));
  } finally {
    await context.close();
  }
}
