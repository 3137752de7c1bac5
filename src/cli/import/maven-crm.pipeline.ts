import { ID_PATTERN } from '@ledger/http-kit';
import type { CsvRow, Rejection, SourceRef } from './csv-file';
import type { Product } from './maven-crm.products';
import { NormalisationLog } from './normalisations';
import { InvalidCell, parseDay, productKey, usdAmount } from './normalise';

export const PIPELINE_FILE = 'sales_pipeline.csv';
export const PIPELINE_COLUMNS = ['opportunity_id', 'sales_agent', 'product', 'account', 'deal_stage', 'engage_date', 'close_date', 'close_value'] as const;

export const NO_ACCOUNT = 'opportunity has no account';

export type DealStage = 'Won' | 'Lost' | 'Engaging' | 'Prospecting';
const STAGES: readonly string[] = ['Won', 'Lost', 'Engaging', 'Prospecting'] satisfies DealStage[];

export interface DealEntry {
  readonly source: SourceRef;
  /** The opportunity_id, already an id of the API's shape. */
  readonly id: string;
  readonly accountId: string;
  readonly managerId: string;
  readonly product: Product;
  /** engage_date as a UTC timestamp; absent for prospects. */
  readonly openedAt?: string;
  readonly closing?: { readonly outcome: 'won' | 'lost'; readonly closedAt: string; readonly amount?: string };
}

/** Names the pipeline uses, resolved against the other three files. */
export interface References {
  readonly agentIds: ReadonlyMap<string, string>;
  readonly accountIds: ReadonlyMap<string, string>;
  readonly products: ReadonlyMap<string, Product>;
}

export function readPipeline(rows: readonly CsvRow[], references: References, normalisations: NormalisationLog) {
  const deals: DealEntry[] = [];
  const rejected: Rejection[] = [];
  const lineOfId = new Map<string, number>();
  for (const row of rows) {
    const problems = problemsOf(row, references, lineOfId);
    if (problems.length > 0) {
      rejected.push({ file: row.file, line: row.line, reason: problems.join('; ') });
      continue;
    }
    lineOfId.set(row.values.opportunity_id, row.line);
    deals.push(toDeal(row, references, normalisations));
  }
  return { deals, rejected };
}

/** Every reason to refuse the row, so one pass over the report shows all that is wrong with it. */
function problemsOf(row: CsvRow, { agentIds, accountIds, products }: References, lineOfId: ReadonlyMap<string, number>): string[] {
  const cell = (column: (typeof PIPELINE_COLUMNS)[number]) => row.values[column];
  const problems: string[] = [];
  const check = (failed: boolean, reason: string) => failed && problems.push(reason);
  const checkCell = (parse: () => unknown) => {
    try {
      parse();
    } catch (error) {
      if (!(error instanceof InvalidCell)) throw error;
      problems.push(error.message);
    }
  };
  const { opportunity_id: id, account } = row.values;
  check(account === '', NO_ACCOUNT);
  check(!ID_PATTERN.test(id), `opportunity_id "${id}" is not an id (1 to 64 of A-Za-z0-9._-)`);
  check(lineOfId.has(id), `opportunity_id ${id} repeats line ${lineOfId.get(id)}`);
  check(!agentIds.has(cell('sales_agent')), `sales_agent "${cell('sales_agent')}" is not in sales_teams.csv`);
  check(account !== '' && !accountIds.has(account), `account "${account}" is not in accounts.csv`);
  check(!products.has(productKey(cell('product'))), `product "${cell('product')}" is not in products.csv`);
  check(!STAGES.includes(cell('deal_stage')), `deal_stage "${cell('deal_stage')}" is not one of ${STAGES.join(', ')}`);
  checkCell(() => parseDay(cell('engage_date'), 'engage_date'));
  const closes = cell('deal_stage') === 'Won' || cell('deal_stage') === 'Lost';
  check(closes && cell('close_date') === '', `a ${cell('deal_stage')} opportunity needs a close_date`);
  checkCell(() => parseDay(cell('close_date'), 'close_date'));
  check(cell('deal_stage') === 'Won' && cell('close_value') === '', 'a Won opportunity needs a close_value');
  if (cell('close_value') !== '') checkCell(() => usdAmount(cell('close_value'), 'close_value'));
  return problems;
}

function toDeal(row: CsvRow, references: References, normalisations: NormalisationLog): DealEntry {
  const { opportunity_id: id, sales_agent: agent, account, deal_stage: stage, engage_date, close_date, close_value } = row.values;
  const product = references.products.get(productKey(row.values.product))!;
  normalisations.apply(row.file, 'product', row.values.product, product.name);
  const openedAt = parseDay(engage_date, 'engage_date') ?? undefined;
  const closedAt = parseDay(close_date, 'close_date');
  const amount = close_value === '' ? undefined : usdAmount(close_value, 'close_value');
  const outcome = stage === 'Won' ? 'won' : stage === 'Lost' ? 'lost' : undefined;
  return {
    source: { file: row.file, line: row.line },
    id,
    accountId: references.accountIds.get(account)!,
    managerId: references.agentIds.get(agent)!,
    product,
    openedAt,
    // Engaging and Prospecting stay open, whatever their other cells say.
    closing: outcome && closedAt ? { outcome, closedAt, amount } : undefined,
  };
}
