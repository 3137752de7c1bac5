import { assertNever } from '@ledger/decider';
import type { RecordedEvent } from '@ledger/event-store';
import type { Projection, Row, RowRef, WorkingSet } from '@ledger/projections';
import { type AccountEvent, type AccountOpened, isAccountEvent } from '../accounts/domain/account.events';
import { type DealEvent, isDealEvent } from '../deals/domain/deal.events';
import { isManagerEvent, type ManagerEvent, type ManagerOnboarded } from '../managers/domain/manager.events';
import { storedInstant } from './stored-time';

/** Table names of the read model, for the projection and its query. */
export const MANAGER_WORKLOADS_TABLES = { managers: 'managers', accounts: 'accounts', deals: 'deals' } as const;
const { managers, accounts, deals } = MANAGER_WORKLOADS_TABLES;

type WorkloadEvent = ManagerEvent | AccountEvent | DealEvent;

/**
 * What a manager carries: the managers as they stand now, who holds each account and whether it
 * is key, and each deal's credited manager, outcome and close. The query counts and sums these.
 *
 * "Now" is the end of the log: a reassignment or a key designation counts from the event on,
 * even when its `occurredAt` lies in the future (the read model has no clock). The deciders keep
 * designations and revocations in effective-date order, so the last one in the log is current.
 *
 * Close times are stored as full UTC ISO strings, so comparing them as text compares instants
 * in every SQL dialect.
 */
export const managerWorkloadsProjection: Projection = {
  name: 'manager-workloads',
  version: 1,
  tables: [
    {
      name: managers,
      // `status`: active or offboarded.
      columns: {
        manager_id: 'text',
        name: 'text',
        role: 'text',
        territory: 'text',
        reports_to: 'text',
        capacity: 'integer',
        status: 'text',
      },
      primaryKey: ['manager_id'],
    },
    {
      name: accounts,
      // `status`: open or closed; `is_key`: 0 or 1; `manager_id`: null until assigned.
      columns: { account_id: 'text', manager_id: 'text', is_key: 'integer', status: 'text' },
      primaryKey: ['account_id'],
      indexes: [['manager_id', 'status']],
    },
    {
      name: deals,
      // `status`: open, won or lost; amount and close are null while open.
      columns: {
        deal_id: 'text',
        manager_id: 'text',
        status: 'text',
        amount_minor: 'integer',
        currency: 'text',
        closed_at: 'text',
      },
      primaryKey: ['deal_id'],
      indexes: [['manager_id', 'status']],
    },
  ],

  rowsNeeded(event: RecordedEvent): readonly RowRef[] {
    const known = workloadEvent(event);
    switch (known?.type) {
      case 'ManagerRoleChanged':
      case 'ManagerReportingLineChanged':
      case 'ManagerCapacityChanged':
      case 'ManagerOffboarded':
        return [{ table: managers, key: [known.data.managerId] }];
      case 'AccountAssigned':
      case 'ManagerReassigned':
      case 'AccountDesignatedKey':
      case 'KeyAccountDesignationRevoked':
      case 'AccountClosed':
        return [{ table: accounts, key: [known.data.accountId] }];
      default:
        // Onboarding, opening and both deal events write whole rows; other events are not ours.
        return [];
    }
  },

  apply(rows: WorkingSet, event: RecordedEvent): void {
    if (isManagerEvent(event)) applyManagerEvent(rows, event as ManagerEvent);
    else if (isAccountEvent(event)) applyAccountEvent(rows, event as AccountEvent);
    else if (isDealEvent(event)) applyDealEvent(rows, event as DealEvent);
  },
};

function workloadEvent(event: RecordedEvent): WorkloadEvent | null {
  return isManagerEvent(event) || isAccountEvent(event) || isDealEvent(event) ? (event as WorkloadEvent) : null;
}

function applyManagerEvent(rows: WorkingSet, event: ManagerEvent): void {
  if (event.type === 'ManagerOnboarded') {
    const { managerId, name, role, territory, reportsTo, capacity } = event.data;
    rows.put(managers, { manager_id: managerId, name, role, territory, reports_to: reportsTo, capacity, status: 'active' });
    return;
  }
  const manager = rows.get(managers, [event.data.managerId]);
  // Deciders refuse changes to a manager never onboarded; a log missing the onboarding leaves
  // nobody with a name or territory to show, so the change has nothing to apply to.
  if (manager === undefined) return;
  rows.put(managers, { ...manager, ...managerChange(event) });
}

function managerChange(event: Exclude<ManagerEvent, ManagerOnboarded>): Row {
  switch (event.type) {
    case 'ManagerRoleChanged':
      return { role: event.data.role };
    case 'ManagerReportingLineChanged':
      return { reports_to: event.data.reportsTo };
    case 'ManagerCapacityChanged':
      return { capacity: event.data.capacity };
    case 'ManagerOffboarded':
      return { status: 'offboarded' };
    default:
      return assertNever(event);
  }
}

function applyAccountEvent(rows: WorkingSet, event: AccountEvent): void {
  const { accountId } = event.data;
  if (event.type === 'AccountOpened') {
    rows.put(accounts, { account_id: accountId, manager_id: null, is_key: 0, status: 'open' });
    return;
  }
  // A blank row when the opening is missing: the account is still held and counted.
  const account = rows.get(accounts, [accountId]) ?? { account_id: accountId, manager_id: null, is_key: 0, status: 'open' };
  rows.put(accounts, { ...account, ...accountChange(event) });
}

function accountChange(event: Exclude<AccountEvent, AccountOpened>): Row {
  switch (event.type) {
    case 'AccountAssigned':
      return { manager_id: event.data.managerId };
    case 'ManagerReassigned':
      return { manager_id: event.data.toManagerId };
    case 'AccountDesignatedKey':
      return { is_key: 1 };
    case 'KeyAccountDesignationRevoked':
      return { is_key: 0 };
    case 'AccountClosed':
      // The manager is kept for the record; a closed account is held by nobody (the query).
      return { status: 'closed' };
    default:
      return assertNever(event);
  }
}

// Both deal events carry the credited manager, so neither reads the row it replaces.
function applyDealEvent(rows: WorkingSet, event: DealEvent): void {
  switch (event.type) {
    case 'DealOpened': {
      const { dealId, managerId, currency } = event.data;
      rows.put(deals, { deal_id: dealId, manager_id: managerId, status: 'open', amount_minor: null, currency, closed_at: null });
      return;
    }
    case 'DealClosed': {
      const { dealId, managerId, outcome, amountMinor, currency, closedAt } = event.data;
      const row = { deal_id: dealId, manager_id: managerId, status: outcome, amount_minor: amountMinor, currency };
      rows.put(deals, { ...row, closed_at: storedInstant(closedAt) });
      return;
    }
    default:
      assertNever(event);
  }
}
