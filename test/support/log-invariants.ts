import type { RecordedEvent } from '@ledger/event-store';

/**
 * The domain's rules, checked on the log itself by replaying each stream: what any number of
 * concurrent writers must never have let through. Each function lists the violations it finds.
 */

interface AccountReplay {
  managerId: string | null;
  isKey: boolean;
  closedAt: bigint | null;
}

/** One manager at a time: assigned only when unassigned, reassigned only from the current one to another; key flips; nothing after closure. */
export function accountRuleViolations(events: readonly RecordedEvent[]): string[] {
  const violations: string[] = [];
  const accounts = new Map<string, AccountReplay>();
  for (const event of events.filter((candidate) => candidate.stream.startsWith('account-'))) {
    const data = event.data as Record<string, string>;
    const at = `${event.stream}@${event.revision} ${event.type}`;
    const account = accounts.get(event.stream);
    if (event.type === 'AccountOpened') {
      if (account) violations.push(`${at}: opened twice`);
      accounts.set(event.stream, { managerId: null, isKey: false, closedAt: null });
      continue;
    }
    if (!account) {
      violations.push(`${at}: before the account was opened`);
      continue;
    }
    if (account.closedAt !== null) violations.push(`${at}: after the account was closed`);
    switch (event.type) {
      case 'AccountAssigned':
        if (account.managerId !== null) violations.push(`${at}: assigned while held by ${account.managerId}`);
        account.managerId = data.managerId;
        break;
      case 'ManagerReassigned':
        if (data.fromManagerId !== account.managerId) violations.push(`${at}: from ${data.fromManagerId} but held by ${account.managerId}`);
        if (data.toManagerId === account.managerId) violations.push(`${at}: to the manager who holds it`);
        account.managerId = data.toManagerId;
        break;
      case 'AccountDesignatedKey':
        if (account.isKey) violations.push(`${at}: designated while already key`);
        account.isKey = true;
        break;
      case 'KeyAccountDesignationRevoked':
        if (!account.isKey) violations.push(`${at}: revoked while not key`);
        account.isKey = false;
        break;
      case 'AccountClosed':
        account.closedAt = event.position;
        break;
      default:
        violations.push(`${at}: unknown type`);
    }
  }
  return violations;
}

/** A deal is opened once, closed at most once, and nothing follows its closure. */
export function dealRuleViolations(events: readonly RecordedEvent[]): string[] {
  const violations: string[] = [];
  const deals = new Map<string, 'open' | 'closed'>();
  for (const event of events.filter((candidate) => candidate.stream.startsWith('deal-'))) {
    const at = `${event.stream}@${event.revision} ${event.type}`;
    const state = deals.get(event.stream);
    if (event.type === 'DealOpened') {
      if (state !== undefined) violations.push(`${at}: opened again`);
      deals.set(event.stream, state ?? 'open');
    } else {
      if (state !== 'open') violations.push(`${at}: ${event.type} while ${state ?? 'unopened'}`);
      deals.set(event.stream, 'closed');
    }
  }
  return violations;
}

/** Nothing is recorded on a manager's stream after the offboarding. */
export function managerRuleViolations(events: readonly RecordedEvent[]): string[] {
  const offboarded = new Set<string>();
  const violations: string[] = [];
  for (const event of events.filter((candidate) => candidate.stream.startsWith('manager-'))) {
    if (offboarded.has(event.stream)) violations.push(`${event.stream}@${event.revision} ${event.type}: after the offboarding`);
    if (event.type === 'ManagerOffboarded') offboarded.add(event.stream);
  }
  return violations;
}

/**
 * Races between streams that no single stream's revision can prevent, counted rather than
 * forbidden: a deal opened on an account whose closure was already in the log, and an assignment
 * to a manager whose offboarding was (the offboarding process moves those on).
 */
export function crossStreamRaces(events: readonly RecordedEvent[]) {
  const closedAccounts = new Set<string>();
  const offboarded = new Set<string>();
  let dealsOnClosedAccounts = 0;
  let assignmentsToOffboarded = 0;
  for (const event of events) {
    const data = event.data as Record<string, string>;
    if (event.type === 'AccountClosed') closedAccounts.add(data.accountId);
    if (event.type === 'ManagerOffboarded') offboarded.add(data.managerId);
    if (event.type === 'DealOpened' && closedAccounts.has(data.accountId)) dealsOnClosedAccounts++;
    const to = event.type === 'AccountAssigned' ? data.managerId : event.type === 'ManagerReassigned' ? data.toManagerId : undefined;
    if (to !== undefined && offboarded.has(to)) assignmentsToOffboarded++;
  }
  return { dealsOnClosedAccounts, assignmentsToOffboarded };
}
