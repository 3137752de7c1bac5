import type { Database } from 'better-sqlite3';
import type { RecordedEvent } from '@ledger/event-store';
import { SqliteProjection } from '@ledger/projections';
import type { AccountEvent } from '../accounts/domain/account.events';
import { isAccountEvent } from '../accounts/domain/account.events';

/**
 * Which manager holds which open account: what offboarding needs to know ("does this manager
 * still hold accounts, and which?"). Closed accounts are held by nobody: they take no commands.
 */
export const accountHoldingsProjection: SqliteProjection = {
  name: 'account-holdings',

  setUp(db: Database): void {
    db.exec(`CREATE TABLE IF NOT EXISTS account_holdings (
      account_id TEXT PRIMARY KEY, manager_id TEXT, status TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS account_holdings_by_manager ON account_holdings (manager_id, status);`);
  },

  apply(db: Database, event: RecordedEvent): void {
    if (!isAccountEvent(event)) return;
    const change = holdingChange(event as AccountEvent);
    if (!change) return;
    db.prepare(`INSERT INTO account_holdings (account_id, manager_id, status) VALUES (@accountId, @managerId, @status)
      ON CONFLICT (account_id) DO UPDATE SET manager_id = coalesce(@managerId, manager_id), status = @status`).run(change);
  },
};

type HoldingChange = { accountId: string; managerId: string | null; status: 'open' | 'closed' };

function holdingChange(event: AccountEvent): HoldingChange | null {
  switch (event.type) {
    case 'AccountOpened':
      return { accountId: event.data.accountId, managerId: null, status: 'open' };
    case 'AccountAssigned':
      return { accountId: event.data.accountId, managerId: event.data.managerId, status: 'open' };
    case 'ManagerReassigned':
      return { accountId: event.data.accountId, managerId: event.data.toManagerId, status: 'open' };
    case 'AccountClosed':
      return { accountId: event.data.accountId, managerId: null, status: 'closed' };
    default:
      return null;
  }
}

export function accountsHeldBy(db: Database, managerId: string): string[] {
  const rows = db
    .prepare("SELECT account_id FROM account_holdings WHERE manager_id = ? AND status = 'open' ORDER BY account_id")
    .all(managerId) as Array<{ account_id: string }>;
  return rows.map((row) => row.account_id);
}
