import { resolve } from 'node:path';
import { Command } from 'commander';
import { cliConfig, openCliContext } from '../cli-context';
import { progressBar } from './import-progress';
import { summaryReport } from './import-summary';
import { importMavenCrm } from './maven-crm.import';

interface ImportFlags {
  readonly dryRun?: boolean;
  readonly json?: boolean;
  readonly verbose?: boolean;
}

/** `import maven-crm <folder>`: loads a CRM export through the command handlers. */
export function importCommand(out: NodeJS.WritableStream): Command {
  const command = new Command('import').description('load data exported from another system, as commands');
  command
    .command('maven-crm')
    .description('import the four CSV files of a Maven Analytics "CRM Sales Opportunities" export; re-runs write nothing new')
    .argument('<folder>', 'folder holding accounts.csv, sales_teams.csv, products.csv and sales_pipeline.csv')
    .option('--dry-run', 'read and check the export and report what would be imported; write nothing')
    .option('--json', 'print the summary as JSON, every rejected row included')
    .option('--verbose', 'log the application start and stop on stderr')
    .action(async (folder: string, flags: ImportFlags) => {
      const summary = await importMavenCrm(resolve(folder), () => openCliContext(cliConfig(), flags.verbose), {
        dryRun: flags.dryRun,
        progress: flags.json ? undefined : progressBar(),
      });
      out.write(`${flags.json ? JSON.stringify(summary, null, 2) : summaryReport(summary)}\n`);
    });
  return command;
}
