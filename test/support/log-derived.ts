import type { RecordedEvent } from '@ledger/event-store';

/** An account as the directory should show it, worked out from the log alone. */
export interface AccountFromLog {
  accountId: string;
  managerId: string | null;
  tier: 'key' | 'standard';
  status: 'open' | 'closed';
  revision: number;
}

/** Every account of the log, as it stands after its last event, by id. */
export function accountsFromLog(events: readonly RecordedEvent[]): Map<string, AccountFromLog> {
  const accounts = new Map<string, AccountFromLog>();
  for (const event of events) {
    if (!event.stream.startsWith('account-')) continue;
    const data = event.data as Record<string, string>;
    const account = accounts.get(data.accountId) ?? { accountId: data.accountId, managerId: null, tier: 'standard', status: 'open', revision: 0 };
    account.revision = event.revision;
    if (event.type === 'AccountAssigned') account.managerId = data.managerId;
    if (event.type === 'ManagerReassigned') account.managerId = data.toManagerId;
    if (event.type === 'AccountDesignatedKey') account.tier = 'key';
    if (event.type === 'KeyAccountDesignationRevoked') account.tier = 'standard';
    if (event.type === 'AccountClosed') account.status = 'closed';
    accounts.set(data.accountId, account);
  }
  return accounts;
}

/** Managers offboarded by the log. */
export function offboardedManagers(events: readonly RecordedEvent[]): Set<string> {
  return new Set(events.filter((event) => event.type === 'ManagerOffboarded').map((event) => String(event.data.managerId)));
}

/** The directory's items reduced to what the log decides, sorted by id, to compare with accountsFromLog. */
export function directoryFacts(items: ReadonlyArray<Record<string, unknown>>): AccountFromLog[] {
  return items
    .map((item) => ({
      accountId: String(item.accountId),
      managerId: (item.managerId as string | null) ?? null,
      tier: item.tier as AccountFromLog['tier'],
      status: item.status as AccountFromLog['status'],
      revision: Number(item.revision),
    }))
    .sort((a, b) => a.accountId.localeCompare(b.accountId));
}

export const sortedAccounts = (accounts: Map<string, AccountFromLog>): AccountFromLog[] =>
  [...accounts.values()].sort((a, b) => a.accountId.localeCompare(b.accountId));
