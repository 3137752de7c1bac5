import type { RecordedEvent } from '@ledger/event-store';
import { Cell, Projection, RowRef, WorkingSet } from '@ledger/projections';
import { AccountEvent, isAccountEvent } from '../accounts/domain/account.events';
import { isManagerEvent, ManagerEvent } from '../managers/domain/manager.events';

const ACCOUNTS = 'accounts';
const MANAGERS = 'managers';

/**
 * The account directory: each account as it stands now (tier, manager, status, parent) and each
 * manager, from which portfolios are read. Also what offboarding reads to find the accounts a
 * manager holds.
 */
export const accountDirectoryProjection: Projection = {
  name: 'account-directory',
  version: 1,
  tables: [
    {
      name: ACCOUNTS,
      columns: {
        account_id: 'text', name: 'text', sector: 'text', region: 'text', country: 'text', parent_account_id: 'text',
        tier: 'text', manager_id: 'text', status: 'text', revision: 'integer', opened_at: 'text',
      },
      primaryKey: ['account_id'],
      indexes: [['manager_id', 'status'], ['tier'], ['region'], ['sector']],
    },
    {
      name: MANAGERS,
      columns: {
        manager_id: 'text', name: 'text', role: 'text', territory: 'text', reports_to: 'text', capacity: 'integer', status: 'text',
      },
      primaryKey: ['manager_id'],
    },
  ],

  rowsNeeded(event: RecordedEvent): RowRef[] {
    if (isAccountEvent(event) && event.type !== 'AccountOpened') {
      return [{ table: ACCOUNTS, key: [(event as AccountEvent).data.accountId] }];
    }
    if (isManagerEvent(event) && event.type !== 'ManagerOnboarded') {
      return [{ table: MANAGERS, key: [(event as ManagerEvent).data.managerId] }];
    }
    return [];
  },

  apply(rows: WorkingSet, event: RecordedEvent): void {
    if (isAccountEvent(event)) applyAccountEvent(rows, event as AccountEvent, event.revision);
    else if (isManagerEvent(event)) applyManagerEvent(rows, event as ManagerEvent);
  },
};

function applyAccountEvent(rows: WorkingSet, event: AccountEvent, revision: number): void {
  if (event.type === 'AccountOpened') {
    const { accountId, name, sector, region, country, parentAccountId, occurredAt } = event.data;
    rows.put(ACCOUNTS, {
      account_id: accountId, name, sector, region, country, parent_account_id: parentAccountId,
      tier: 'standard', manager_id: null, status: 'open', revision, opened_at: occurredAt,
    });
    return;
  }
  const account = rows.get(ACCOUNTS, [event.data.accountId]);
  if (!account) throw new Error(`${event.type} for account ${event.data.accountId}, which was never opened`);
  rows.put(ACCOUNTS, { ...account, ...accountChange(event), revision });
}

function accountChange(event: Exclude<AccountEvent, { type: 'AccountOpened' }>): Record<string, Cell> {
  switch (event.type) {
    case 'AccountAssigned':
      return { manager_id: event.data.managerId };
    case 'ManagerReassigned':
      return { manager_id: event.data.toManagerId };
    case 'AccountDesignatedKey':
      return { tier: 'key' };
    case 'KeyAccountDesignationRevoked':
      return { tier: 'standard' };
    case 'AccountClosed':
      return { status: 'closed' };
  }
}

function applyManagerEvent(rows: WorkingSet, event: ManagerEvent): void {
  if (event.type === 'ManagerOnboarded') {
    const { managerId, name, role, territory, reportsTo, capacity } = event.data;
    rows.put(MANAGERS, { manager_id: managerId, name, role, territory, reports_to: reportsTo, capacity, status: 'active' });
    return;
  }
  const manager = rows.get(MANAGERS, [event.data.managerId]);
  if (!manager) throw new Error(`${event.type} for manager ${event.data.managerId}, who was never onboarded`);
  rows.put(MANAGERS, { ...manager, ...managerChange(event) });
}

function managerChange(event: Exclude<ManagerEvent, { type: 'ManagerOnboarded' }>): Record<string, Cell> {
  switch (event.type) {
    case 'ManagerRoleChanged':
      return { role: event.data.role };
    case 'ManagerReportingLineChanged':
      return { reports_to: event.data.reportsTo };
    case 'ManagerCapacityChanged':
      return { capacity: event.data.capacity };
    case 'ManagerOffboarded':
      return { status: 'offboarded' };
  }
}
