import { Injectable, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Counter, Histogram } from 'prom-client';
import { problemFor } from '@ledger/http-kit';
import { LATENCY_BUCKETS, MetricsRegistry } from './metrics.registry';

type Labels = 'command' | 'outcome' | 'status' | 'code';

/** `ok`; `refused` (the answer would be a 4xx: a rule, an unknown id, a stale If-Match); `error` (5xx). */
export type CommandOutcome = 'ok' | 'refused' | 'error';

/**
 * Counts and times every command by type and outcome. It wraps the app's one CommandBus, since
 * the bus has no hook that sees a command's result: so commands from HTTP, from the offboarding
 * process and from the CLI import are all counted, and no handler or controller knows of metrics.
 * Requests refused before the bus (validation, auth, idempotent replays) are not commands; the
 * HTTP metrics show them.
 */
@Injectable()
export class CommandMetrics implements OnModuleInit {
  private readonly total: Counter<Labels>;
  private readonly duration: Histogram<'command' | 'outcome'>;

  constructor(
    private readonly bus: CommandBus,
    metrics: MetricsRegistry,
  ) {
    this.total = new Counter({
      name: 'ledger_commands_total',
      help: 'Commands handled, by type and outcome (ok, refused, error); refusals and errors with the status and problem code they answer with',
      labelNames: ['command', 'outcome', 'status', 'code'],
      registers: [metrics.registry],
    });
    this.duration = new Histogram({
      name: 'ledger_command_duration_seconds',
      help: 'Time to handle a command (load, decide, append), by type and outcome',
      labelNames: ['command', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers: [metrics.registry],
    });
  }

  onModuleInit(): void {
    const execute = this.bus.execute.bind(this.bus);
    this.bus.execute = ((command: object, context?: unknown) =>
      this.observe(command, () => (execute as (c: object, x?: unknown) => Promise<unknown>)(command, context))) as CommandBus['execute'];
  }

  private async observe<T>(command: object, run: () => Promise<T>): Promise<T> {
    const name = command.constructor.name;
    const stop = this.duration.startTimer({ command: name });
    try {
      const result = await run();
      this.total.inc({ command: name, outcome: 'ok' });
      stop({ outcome: 'ok' });
      return result;
    } catch (error) {
      const { outcome, status, code } = classify(error, command);
      this.total.inc({ command: name, outcome, status, code });
      stop({ outcome });
      throw error;
    }
  }
}

/** The outcome of a failed command, by the answer the API gives it (see ProblemDetailsFilter). */
export function classify(error: unknown, command: object): { outcome: Exclude<CommandOutcome, 'ok'>; status: string; code: string } {
  const ifMatchGiven = (command as { context?: { expectedRevision?: number } }).context?.expectedRevision !== undefined;
  const problem = problemFor(error, { ifMatchGiven });
  const status = problem.getStatus();
  return { outcome: status < 500 ? 'refused' : 'error', status: String(status), code: problem.code };
}
