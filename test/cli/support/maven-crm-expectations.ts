import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

/** The copy of the export in ../shared, found from the repository rather than the working directory. */
export const MAVEN_CRM_FOLDER = join(__dirname, '..', '..', '..', '..', 'shared', 'datasets', 'maven-crm');

type Row = Record<string, string>;
const read = (file: string): Row[] => parse(readFileSync(join(MAVEN_CRM_FOLDER, file)), { columns: true });
/** Names in this export are plain: lower case, one dash per run of anything else. */
const id = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/**
 * What the import must report, worked out straight from the CSV files with none of the import's
 * code: the deal counts by stage, the lines without an account, and per agent the accounts they
 * engaged first, their open deals and their won deals and value.
 */
export function expectedFromExport() {
  const pipeline = read('sales_pipeline.csv');
  const withAccount = pipeline.filter((row) => row.account !== '');
  const stage = (name: string) => withAccount.filter((row) => row.deal_stage === name).length;
  const owners = firstEngagers(withAccount);
  const workloads: Record<string, [number, number, number, string]> = {};
  for (const { sales_agent: agent } of read('sales_teams.csv')) {
    const mine = withAccount.filter((row) => row.sales_agent === agent);
    const won = mine.filter((row) => row.deal_stage === 'Won');
    const open = mine.filter((row) => row.deal_stage === 'Engaging' || row.deal_stage === 'Prospecting');
    const accounts = [...owners.values()].filter((owner) => owner === agent).length;
    workloads[id(agent)] = [accounts, open.length, won.length, `${won.reduce((sum, row) => sum + Number(row.close_value), 0)}.00`];
  }
  const accounts = Object.fromEntries(
    read('accounts.csv').map((row) => [id(row.account), [id(owners.get(row.account)!), row.subsidiary_of ? id(row.subsidiary_of) : null]]),
  );
  return {
    deals: { opened: withAccount.length, won: stage('Won'), lost: stage('Lost'), open: stage('Engaging') + stage('Prospecting') },
    // No field of this export spans lines: row i (0-based) is on line i + 2, after the header.
    rowsWithoutAccount: pipeline.flatMap((row, index) => (row.account === '' ? [index + 2] : [])),
    gtxProRowsWithAccount: withAccount.filter((row) => row.product === 'GTXPro').length,
    workloads,
    accounts,
  };
}

/** Account → the agent of its earliest dated opportunity, the smaller opportunity_id on a tie. */
function firstEngagers(rows: readonly Row[]): Map<string, string> {
  const sorted = rows
    .filter((row) => row.engage_date !== '')
    .sort((a, b) => a.engage_date.localeCompare(b.engage_date) || (a.opportunity_id < b.opportunity_id ? -1 : 1));
  const owners = new Map<string, string>();
  for (const row of sorted) if (!owners.has(row.account)) owners.set(row.account, row.sales_agent);
  return owners;
}
