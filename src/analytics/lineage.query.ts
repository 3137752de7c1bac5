import type { EventStore, RecordedEvent } from '@ledger/event-store';
import type { Cell, ReadStore } from '@ledger/projections';
import { accountStream } from '../accounts/domain/account.events';
import { dealStream } from '../deals/domain/deal.events';
import { formatAmount } from '../deals/domain/money';
import { HistoryItem, toHistoryItem } from '../audit/account-history.query';
import { keyAccountShareProjection, KEY_ACCOUNT_SHARE_TABLES } from './key-account-share.projection';

/** Why an account is in a manager's portfolio: the event that put it there. */
export interface PortfolioLineage {
  accountId: string;
  heldSince: string | null;
  event: HistoryItem | null;
}

/** The last assignment or reassignment of the account to `managerId`, from the account's own stream. */
export async function portfolioLineage(eventStore: EventStore, managerId: string, accountIds: readonly string[]): Promise<PortfolioLineage[]> {
  return Promise.all(
    accountIds.map(async (accountId) => {
      const events = await eventStore.readStream(accountStream(accountId));
      const cause = events.findLast(
        (event) =>
          (event.type === 'AccountAssigned' && event.data.managerId === managerId) ||
          (event.type === 'ManagerReassigned' && event.data.toManagerId === managerId),
      );
      return { accountId, heldSince: cause ? String(cause.data.occurredAt) : null, event: cause ? toHistoryItem(cause) : null };
    }),
  );
}

/** A period label (`2017`, `2017-Q1`, `2017-03`) as the half-open range of instants it covers. */
export function periodRange(period: string): { from: string; until: string } | undefined {
  const year = /^(\d{4})$/.exec(period);
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  const range = (y: number, m: number, months: number) => ({
    from: new Date(Date.UTC(y, m, 1)).toISOString(),
    until: new Date(Date.UTC(y, m + months, 1)).toISOString(),
  });
  if (year) return range(Number(year[1]), 0, 12);
  if (quarter) return range(Number(quarter[1]), (Number(quarter[2]) - 1) * 3, 3);
  if (month) return range(Number(month[1]), Number(month[2]) - 1, 1);
  return undefined;
}

export interface DealLineage {
  dealId: string;
  accountId: string;
  closedAt: string;
  amount: string;
  keyAccountSale: boolean;
  /** The DealClosed event behind the figure. */
  closed: HistoryItem | null;
  /** The designation in force at the close date, when the deal counts as key-account sales. */
  designation: HistoryItem | null;
}

/** The won deals behind a key-account-share period, each with the events that make it count. */
export async function keyAccountShareLineage(
  eventStore: EventStore,
  readStore: ReadStore,
  generation: number,
  filter: { from: string; until: string; region?: string; sector?: string; currency: string },
): Promise<DealLineage[]> {
  const table = (name: string) => `"${readStore.tableName(keyAccountShareProjection.name, name, generation)}"`;
  const where = ['d.closed_at >= ?', 'd.closed_at < ?', 'd.currency = ?'];
  const params: Cell[] = [filter.from, filter.until, filter.currency];
  for (const [column, value] of [['a.region', filter.region], ['a.sector', filter.sector]] as const) {
    if (value === undefined) continue;
    where.push(`${column} = ?`);
    params.push(value);
  }
  const deals = await readStore.query<{ deal_id: string; account_id: string; closed_at: string; amount_minor: number }>(
    `SELECT d.deal_id, d.account_id, d.closed_at, d.amount_minor FROM ${table(KEY_ACCOUNT_SHARE_TABLES.wonDeals)} d
     LEFT JOIN ${table(KEY_ACCOUNT_SHARE_TABLES.accounts)} a ON a.account_id = d.account_id
     WHERE ${where.join(' AND ')} ORDER BY d.closed_at, d.deal_id`,
    params,
  );
  return Promise.all(deals.map(async (deal) => {
    const [dealEvents, accountEvents] = await Promise.all([eventStore.readStream(dealStream(deal.deal_id)), eventStore.readStream(accountStream(deal.account_id))]);
    const closed = dealEvents.find((event) => event.type === 'DealClosed');
    const designation = designationInForce(accountEvents, Date.parse(deal.closed_at));
    return {
      dealId: deal.deal_id, accountId: deal.account_id, closedAt: deal.closed_at, amount: formatAmount(Number(deal.amount_minor), filter.currency),
      keyAccountSale: designation !== undefined,
      closed: closed ? toHistoryItem(closed) : null,
      designation: designation ? toHistoryItem(designation) : null,
    };
  }));
}

/** The designation whose period covers `at`, by effective dates: not revoked by then. */
function designationInForce(events: readonly RecordedEvent[], at: number): RecordedEvent | undefined {
  let inForce: RecordedEvent | undefined;
  const effective = (event: RecordedEvent) => Date.parse(String(event.data.occurredAt));
  const changes = events
    .filter((event) => event.type === 'AccountDesignatedKey' || event.type === 'KeyAccountDesignationRevoked')
    .sort((a, b) => effective(a) - effective(b));
  for (const change of changes) {
    if (effective(change) > at) break;
    inForce = change.type === 'AccountDesignatedKey' ? change : undefined;
  }
  return inForce;
}
