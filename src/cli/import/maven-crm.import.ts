import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AppConfig } from '../../config';
import { CliError } from '../cli-errors';
import { bySource, ImportPlan, planMavenCrmImport } from './import-plan';
import { count, emptyTally, runPlan } from './import-runner';
import { ImportSummary, toSummary } from './import-summary';

export interface ImportOptions {
  readonly dryRun?: boolean;
  /** Told the number of commands once planned, then once per command: for a progress bar. */
  readonly progress?: { start(total: number): void; tick(): void; stop(): void };
  /** The clock of the run: `recordedAt`, and the business time of what has none (prospects). */
  readonly now?: () => Date;
}

/** The export's money is in USD: another reporting currency would misread every amount. */
export const EXPORT_CURRENCY = 'USD';

/**
 * Plans the export, then (unless a dry run) sends its commands through the application's
 * CommandBus. `openContext` is called only when there is something to write, so a missing
 * folder or a dry run never opens the database.
 */
export async function importMavenCrm(
  folder: string,
  openContext: () => Promise<INestApplicationContext>,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const startedAt = performance.now();
  const plan = planMavenCrmImport(folder);
  const facts = { folder, dryRun: options.dryRun === true, normalisations: plan.normalisations, unassignedAccounts: plan.unassignedAccounts, since: plan.since ?? null };
  if (options.dryRun) {
    const tally = emptyTally();
    for (const step of plan.phases.flatMap((phase) => phase.tasks.flatMap((task) => task.steps))) count(tally, step);
    return toSummary(tally, { ...facts, rejected: plan.rejected, wallTimeMs: performance.now() - startedAt });
  }
  const app = await openContext();
  try {
    checkCurrency(app.get(AppConfig));
    const { tally, rejected } = await execute(app.get(CommandBus), plan, options);
    return toSummary(tally, { ...facts, rejected: [...plan.rejected, ...rejected].sort(bySource), wallTimeMs: performance.now() - startedAt });
  } finally {
    await app.close();
  }
}

async function execute(commands: CommandBus, plan: ImportPlan, options: ImportOptions) {
  const total = plan.phases.reduce((sum, phase) => sum + phase.tasks.reduce((steps, task) => steps + task.steps.length, 0), 0);
  options.progress?.start(total);
  try {
    const now = (options.now ?? (() => new Date()))().toISOString();
    return await runPlan(commands, plan.phases, { correlationId: `maven-crm-import-${randomUUID()}`, now, onStep: () => options.progress?.tick() });
  } finally {
    options.progress?.stop();
  }
}

function checkCurrency(config: AppConfig): void {
  if (config.REPORTING_CURRENCY !== EXPORT_CURRENCY) {
    throw new CliError(`The export's amounts are in ${EXPORT_CURRENCY} but REPORTING_CURRENCY is ${config.REPORTING_CURRENCY}: amounts in another currency are refused until FX is supported`);
  }
}
