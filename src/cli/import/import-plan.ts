import { checkFolder, readCsvFile, Rejection, SourceRef } from './csv-file';
import { Phase, Task } from './import-steps';
import { assignTask, dealTask, onboardTask, openAccountTask } from './import-tasks';
import { ACCOUNTS_COLUMNS, ACCOUNTS_FILE, AccountEntry, readAccounts } from './maven-crm.accounts';
import { PIPELINE_COLUMNS, PIPELINE_FILE, readPipeline } from './maven-crm.pipeline';
import { PRODUCTS_COLUMNS, PRODUCTS_FILE, readCatalogue } from './maven-crm.products';
import { readTeams, TEAMS_COLUMNS, TEAMS_FILE } from './maven-crm.teams';
import { Normalisation, NormalisationLog } from './normalisations';
import { InvalidCell } from './normalise';
import { firstEngagements } from './ownership';

/** Everything the import will ask of the ledger, in the order it must be asked, and what it refused. */
export interface ImportPlan {
  readonly phases: Phase[];
  readonly rejected: Rejection[];
  readonly normalisations: Normalisation[];
  /** The export's first engage_date: when its managers and accounts take effect. */
  readonly since?: string;
  /** Accounts no agent engaged with a date: left without a manager. */
  readonly unassignedAccounts: number;
}

const FILE_ORDER = [TEAMS_FILE, ACCOUNTS_FILE, PRODUCTS_FILE, PIPELINE_FILE];

/**
 * Reads the four files of a Maven CRM export and plans its commands: sales managers, then their
 * agents (who report to them), then accounts level by level (parents first), then first
 * assignments, then deals. Reads files only; a missing file or column throws a CliError.
 */
export function planMavenCrmImport(folder: string): ImportPlan {
  checkFolder(folder);
  const files = {
    teams: readCsvFile(folder, TEAMS_FILE, TEAMS_COLUMNS),
    accounts: readCsvFile(folder, ACCOUNTS_FILE, ACCOUNTS_COLUMNS),
    products: readCsvFile(folder, PRODUCTS_FILE, PRODUCTS_COLUMNS),
    pipeline: readCsvFile(folder, PIPELINE_FILE, PIPELINE_COLUMNS),
  };
  const normalisations = new NormalisationLog();
  const teams = readTeams(files.teams.rows);
  const accounts = readAccounts(files.accounts.rows, normalisations);
  const catalogue = readCatalogue(files.products.rows);
  const references = { agentIds: teams.agentIds, accountIds: accounts.accountIds, products: catalogue.products };
  const pipeline = readPipeline(files.pipeline.rows, references, normalisations);
  const assignments = firstEngagements(pipeline.deals);
  const since = pipeline.deals.map((deal) => deal.openedAt).filter((day) => day !== undefined).sort()[0];
  const rejected = [...Object.values(files).flatMap((file) => file.rejected), ...teams.rejected, ...accounts.rejected, ...catalogue.rejected, ...pipeline.rejected];
  const tasks = new TaskBuilder(rejected);
  const phases: Phase[] = [
    { name: 'sales managers', tasks: tasks.build(teams.salesManagers, (manager) => onboardTask(manager, since)) },
    { name: 'account managers', tasks: tasks.build(teams.agents, (agent) => onboardTask(agent, since)) },
    ...accountLevels(accounts.accounts).map((level, index) => ({
      name: index === 0 ? 'accounts' : `subsidiaries (level ${index})`,
      tasks: tasks.build(level, (account) => openAccountTask(account, since)),
    })),
    { name: 'assignments', tasks: tasks.build(assignments, assignTask) },
    { name: 'deals', tasks: tasks.build(pipeline.deals, dealTask) },
  ];
  return {
    phases,
    rejected: rejected.sort(bySource),
    normalisations: normalisations.list(),
    since,
    unassignedAccounts: accounts.accounts.length - assignments.length,
  };
}

/** Turns entries into tasks; an entry whose request the API would refuse becomes a rejection. */
class TaskBuilder {
  constructor(private readonly rejected: Rejection[]) {}

  build<T extends { source: SourceRef }>(entries: readonly T[], toTask: (entry: T) => Task): Task[] {
    return entries.flatMap((entry) => {
      try {
        return [toTask(entry)];
      } catch (error) {
        if (!(error instanceof InvalidCell)) throw error;
        this.rejected.push({ ...entry.source, reason: error.message });
        return [];
      }
    });
  }
}

function accountLevels(accounts: readonly AccountEntry[]): AccountEntry[][] {
  const levels: AccountEntry[][] = [];
  for (const account of accounts) (levels[account.level] ??= []).push(account);
  return levels;
}

export function bySource(a: SourceRef, b: SourceRef): number {
  return FILE_ORDER.indexOf(a.file) - FILE_ORDER.indexOf(b.file) || a.line - b.line;
}
