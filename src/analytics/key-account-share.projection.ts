import type { RecordedEvent } from '@ledger/event-store';
import type { Projection, Row, RowRef, WorkingSet } from '@ledger/projections';
import { type AccountEvent, isAccountEvent } from '../accounts/domain/account.events';
import { type DealEvent, isDealEvent } from '../deals/domain/deal.events';
import { storedInstant } from './stored-time';

/** Table names of the read model, for the projection and its query. */
export const KEY_ACCOUNT_SHARE_TABLES = { accounts: 'accounts', keyPeriods: 'key_periods', wonDeals: 'won_deals' } as const;
const { accounts, keyPeriods, wonDeals } = KEY_ACCOUNT_SHARE_TABLES;

/**
 * What the key-account share needs: won deals, each account's region and sector, and every
 * period an account was key, `[starts_at, ends_at)`. Whether a deal is key-account sales is
 * decided at query time against the periods known now, so a retroactive designation or
 * revocation restates past figures without touching the deals.
 *
 * Times are stored as full UTC ISO strings (`2017-03-01T00:00:00.000Z`), so comparing them
 * as text compares instants in every SQL dialect, and `substr(closed_at, 1, 7)` is the month.
 */
export const keyAccountShareProjection: Projection = {
  name: 'key-account-share',
  version: 1,
  tables: [
    {
      name: accounts,
      // `key_since`: start of the open period, so a revocation can write the closed period
      // row (keyed by its start) without reading a row it could not name in advance.
      columns: { account_id: 'text', region: 'text', sector: 'text', key_since: 'text' },
      primaryKey: ['account_id'],
      indexes: [['region'], ['sector']],
    },
    {
      name: keyPeriods,
      columns: { account_id: 'text', starts_at: 'text', ends_at: 'text' },
      primaryKey: ['account_id', 'starts_at'],
    },
    {
      name: wonDeals,
      columns: { deal_id: 'text', account_id: 'text', closed_at: 'text', amount_minor: 'integer', currency: 'text' },
      primaryKey: ['deal_id'],
      indexes: [['closed_at'], ['account_id']],
    },
  ],

  rowsNeeded(event: RecordedEvent): readonly RowRef[] {
    if (!isAccountEvent(event)) return [];
    const { type, data } = event as AccountEvent;
    switch (type) {
      case 'AccountOpened':
      case 'AccountDesignatedKey':
      case 'KeyAccountDesignationRevoked':
        return [{ table: accounts, key: [data.accountId] }];
      default:
        return [];
    }
  },

  apply(rows: WorkingSet, event: RecordedEvent): void {
    if (isAccountEvent(event)) applyAccountEvent(rows, event as AccountEvent);
    else if (isDealEvent(event)) applyDealEvent(rows, event as DealEvent);
  },
};

function applyAccountEvent(rows: WorkingSet, event: AccountEvent): void {
  switch (event.type) {
    case 'AccountOpened': {
      const { accountId, region, sector } = event.data;
      rows.put(accounts, { ...accountRow(rows, accountId), region, sector });
      return;
    }
    case 'AccountDesignatedKey': {
      const account = accountRow(rows, event.data.accountId);
      const startsAt = storedInstant(event.data.occurredAt);
      rows.put(accounts, { ...account, key_since: startsAt });
      rows.put(keyPeriods, { account_id: account.account_id, starts_at: startsAt, ends_at: null });
      return;
    }
    case 'KeyAccountDesignationRevoked': {
      const account = accountRow(rows, event.data.accountId);
      // The decider refuses a revocation of an account that is not key; nothing to close.
      if (account.key_since === null) return;
      rows.put(keyPeriods, { account_id: account.account_id, starts_at: account.key_since, ends_at: storedInstant(event.data.occurredAt) });
      rows.put(accounts, { ...account, key_since: null });
      return;
    }
    default:
      return;
  }
}

function applyDealEvent(rows: WorkingSet, event: DealEvent): void {
  // Lost deals are not sales; opened deals are not closed yet.
  if (event.type !== 'DealClosed' || event.data.outcome !== 'won') return;
  const { dealId, accountId, closedAt, amountMinor, currency } = event.data;
  rows.put(wonDeals, { deal_id: dealId, account_id: accountId, closed_at: storedInstant(closedAt), amount_minor: amountMinor, currency });
}

/** The account's row, or a blank one: a designation read from a log missing the opening still counts. */
function accountRow(rows: WorkingSet, accountId: string): Row {
  return rows.get(accounts, [accountId]) ?? { account_id: accountId, region: null, sector: null, key_since: null };
}
