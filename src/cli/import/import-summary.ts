import type { Rejection } from './csv-file';
import type { ImportTally } from './import-runner';
import type { Normalisation } from './normalisations';

/** What an import did (or, for a dry run, would do): the CLI prints it, `--json` hands it over whole. */
export interface ImportSummary {
  readonly source: 'maven-crm';
  readonly folder: string;
  readonly dryRun: boolean;
  readonly salesManagers: number;
  readonly accountManagers: number;
  readonly accounts: number;
  readonly assignments: number;
  readonly unassignedAccounts: number;
  readonly deals: { readonly opened: number; readonly won: number; readonly lost: number; readonly open: number };
  readonly commands: number;
  readonly eventsWritten: number;
  readonly rejected: readonly Rejection[];
  readonly normalisations: readonly Normalisation[];
  /** When the imported managers and accounts take effect: the export's first engage_date. */
  readonly since: string | null;
  readonly wallTimeMs: number;
}

export function toSummary(
  tally: ImportTally,
  facts: Pick<ImportSummary, 'folder' | 'dryRun' | 'rejected' | 'normalisations' | 'unassignedAccounts' | 'since' | 'wallTimeMs'>,
): ImportSummary {
  const { salesManagers, accountManagers, accounts, assignments, dealsOpened, dealsWon, dealsLost, commands, eventsWritten } = tally;
  return {
    source: 'maven-crm',
    ...facts,
    salesManagers,
    accountManagers,
    accounts,
    assignments,
    deals: { opened: dealsOpened, won: dealsWon, lost: dealsLost, open: dealsOpened - dealsWon - dealsLost },
    commands,
    eventsWritten,
  };
}

const figure = (count: number) => count.toLocaleString('en-US');
const plural = (count: number, word: string) => `${figure(count)} ${word}${count === 1 ? '' : 's'}`;

/** The one line a script or a log keeps. */
export function summaryLine(summary: ImportSummary): string {
  const { deals } = summary;
  const verb = summary.dryRun ? 'would import' : 'imported';
  return [
    `maven-crm ${verb}: ${plural(summary.accounts, 'account')}`,
    plural(summary.salesManagers, 'sales manager'),
    plural(summary.accountManagers, 'account manager'),
    `${plural(deals.opened, 'deal')} (${figure(deals.won)} won, ${figure(deals.lost)} lost, ${figure(deals.open)} open)`,
    summary.dryRun ? `${plural(summary.commands, 'command')}, nothing written (dry run)` : `${plural(summary.eventsWritten, 'event')} written`,
    `${plural(summary.rejected.length, 'row')} rejected`,
    `${plural(summary.normalisations.length, 'normalisation')}`,
    `${(summary.wallTimeMs / 1000).toFixed(1)} s`,
  ].join(', ');
}

/** Locations listed per reason before the report points at `--json` for the rest. */
const LOCATIONS_SHOWN = 10;

/** The summary line, then what was corrected and what was refused, grouped by reason. */
export function summaryReport(summary: ImportSummary): string {
  const lines = [summaryLine(summary)];
  lines.push(`  ${plural(summary.assignments, 'account')} assigned to the first agent who engaged them, ${figure(summary.unassignedAccounts)} left unassigned`);
  if (summary.since) lines.push(`  managers and accounts take effect on ${summary.since.slice(0, 10)}, the export's first engage_date`);
  for (const { file, column, from, to, rows } of summary.normalisations) {
    lines.push(`  normalised ${file} ${column} "${from}" → "${to}" on ${plural(rows, 'row')}`);
  }
  for (const [reason, where] of groupByReason(summary.rejected)) {
    const shown = where.slice(0, LOCATIONS_SHOWN).join(', ');
    const more = where.length > LOCATIONS_SHOWN ? `, and ${figure(where.length - LOCATIONS_SHOWN)} more (--json lists every row)` : '';
    lines.push(`  rejected ${plural(where.length, 'row')}: ${reason}: ${shown}${more}`);
  }
  return lines.join('\n');
}

function groupByReason(rejected: readonly Rejection[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const { file, line, reason } of rejected) {
    if (!groups.has(reason)) groups.set(reason, []);
    groups.get(reason)!.push(`${file}:${line}`);
  }
  return groups;
}
