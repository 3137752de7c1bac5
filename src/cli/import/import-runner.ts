import { CommandBus } from '@nestjs/cqrs';
import { assertNever, CommandContext, CommandResult, DomainError } from '@ledger/decider';
import { AssignAccount } from '../../accounts/commands/assign-account.command';
import { OpenAccount } from '../../accounts/commands/open-account.command';
import { CloseDeal } from '../../deals/commands/close-deal.command';
import { OpenDeal } from '../../deals/commands/open-deal.command';
import { OnboardManager } from '../../managers/commands/onboard-manager.command';
import { forEachBounded } from './bounded';
import type { Rejection } from './csv-file';
import type { Phase, Step, Task } from './import-steps';

/** The import writes as this service actor: its events say who wrote them, and re-runs find them by it. */
export const IMPORT_ACTOR = { role: 'service', keyId: 'cli-import' } as const;

/**
 * Commands in flight at once within a phase. Each task keeps its own steps in order; tasks of a
 * phase touch different streams. The embedded store is synchronous, so this mostly overlaps
 * the handlers' awaits; a networked store (EventStoreDB) would gain more.
 */
export const IMPORT_CONCURRENCY = 8;

/** What the commands did: each counts once it is in the log, whether this run or an earlier one wrote it. */
export interface ImportTally {
  salesManagers: number;
  accountManagers: number;
  accounts: number;
  assignments: number;
  dealsOpened: number;
  dealsWon: number;
  dealsLost: number;
  commands: number;
  eventsWritten: number;
}

export const emptyTally = (): ImportTally => ({
  salesManagers: 0, accountManagers: 0, accounts: 0, assignments: 0, dealsOpened: 0, dealsWon: 0, dealsLost: 0, commands: 0, eventsWritten: 0,
});

export interface RunOptions {
  readonly correlationId: string;
  readonly now: string;
  /** Called once per step, done, refused or skipped: for a progress bar. */
  readonly onStep?: () => void;
}

/**
 * Sends the plan's commands through the CommandBus, phase after phase. A command the domain
 * refuses rejects its row (and skips the rest of its task); any other error stops the import.
 */
export async function runPlan(commands: CommandBus, phases: readonly Phase[], options: RunOptions) {
  const tally = emptyTally();
  const rejected: Rejection[] = [];
  for (const phase of phases) {
    await forEachBounded(phase.tasks, IMPORT_CONCURRENCY, async (task) => {
      const refusal = await runTask(commands, task, tally, options);
      if (refusal) rejected.push({ ...task.source, reason: refusal });
    });
  }
  return { tally, rejected };
}

async function runTask(commands: CommandBus, task: Task, tally: ImportTally, options: RunOptions): Promise<string | undefined> {
  for (const [index, step] of task.steps.entries()) {
    try {
      const result = await commands.execute(toCommand(step, contextFor(step, task, options)));
      count(tally, step, result);
      options.onStep?.();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      for (let skipped = index; skipped < task.steps.length; skipped++) options.onStep?.();
      return `${error.message} (${error.code})`;
    }
  }
  return undefined;
}

function contextFor(step: Step, task: Task, options: RunOptions): CommandContext {
  return {
    actor: IMPORT_ACTOR,
    correlationId: options.correlationId,
    causationId: `maven-crm:${task.source.file}:${task.source.line}`,
    idempotencyKey: step.idempotencyKey,
    now: options.now,
  };
}

function toCommand(step: Step, context: CommandContext) {
  switch (step.kind) {
    case 'OnboardManager':
      return new OnboardManager(step.id, step.request, context);
    case 'OpenAccount':
      return new OpenAccount(step.id, step.request, context);
    case 'AssignAccount':
      return new AssignAccount(step.id, step.request, context);
    case 'OpenDeal':
      return new OpenDeal(step.id, step.request, context);
    case 'CloseDeal':
      return new CloseDeal(step.id, step.request, context);
    default:
      return assertNever(step);
  }
}

/** Counts a step as done; `result` is absent for a dry run, which counts what would be done. */
export function count(tally: ImportTally, step: Step, result?: CommandResult): void {
  tally.commands++;
  if (result && !result.replayed) tally.eventsWritten += result.events.length;
  switch (step.kind) {
    case 'OnboardManager':
      return void (step.request.role === 'sales_manager' ? tally.salesManagers++ : tally.accountManagers++);
    case 'OpenAccount':
      return void tally.accounts++;
    case 'AssignAccount':
      return void tally.assignments++;
    case 'OpenDeal':
      return void tally.dealsOpened++;
    case 'CloseDeal':
      return void (step.request.outcome === 'won' ? tally.dealsWon++ : tally.dealsLost++);
    default:
      return assertNever(step);
  }
}
