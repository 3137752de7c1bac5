import { Decider, assertNever, conflict, invalid, notFound } from '@ledger/decider';
import { ManagerFacts } from '../../managers/domain/manager.state';
import { AccountEvent } from './account.events';
import { AccountFacts, AccountState, evolve, initialAccountState } from './account.state';

/** Every command carries the clock; `effectiveFrom` backdates (or postdates) the change. */
type Timing = { readonly now: string; readonly effectiveFrom?: string };

export type OpenAccount = Timing & {
  readonly type: 'OpenAccount';
  readonly accountId: string;
  readonly name: string;
  readonly sector: string | null;
  readonly region: string | null;
  readonly country: string | null;
  readonly parentAccountId: string | null;
  /** The parent as the handler found it; `null` when unknown or no `parentAccountId`. */
  readonly parent: AccountFacts | null;
  readonly annualRevenueMinor: number | null;
  readonly currency: string | null;
  readonly employees: number | null;
};

export type AssignAccount = Timing & {
  readonly type: 'AssignAccount';
  readonly accountId: string;
  readonly managerId: string;
  readonly manager: ManagerFacts | null;
};

export type ReassignAccount = Timing & {
  readonly type: 'ReassignAccount';
  readonly accountId: string;
  readonly toManagerId: string;
  readonly toManager: ManagerFacts | null;
  readonly reason: string;
  /**
   * Set by the offboarding process: reassign only if the account is still held by this
   * manager, so that a resumed process never reassigns an account twice.
   */
  readonly expectedFromManagerId?: string;
};

export type DesignateKeyAccount = Timing & {
  readonly type: 'DesignateKeyAccount';
  readonly accountId: string;
  readonly reason: string | null;
};

export type RevokeKeyAccountDesignation = Timing & {
  readonly type: 'RevokeKeyAccountDesignation';
  readonly accountId: string;
  readonly reason: string | null;
};

export type CloseAccount = {
  readonly type: 'CloseAccount';
  readonly accountId: string;
  readonly reason: string;
  readonly now: string;
};

export type AccountCommand =
  | OpenAccount
  | AssignAccount
  | ReassignAccount
  | DesignateKeyAccount
  | RevokeKeyAccountDesignation
  | CloseAccount;

type Opened = Extract<AccountState, { status: 'open' }>;

export function decide(command: AccountCommand, state: AccountState): AccountEvent[] {
  switch (command.type) {
    case 'OpenAccount':
      return open(command, state);
    case 'AssignAccount':
      return assign(command, openAccount(state));
    case 'ReassignAccount':
      return reassign(command, openAccount(state));
    case 'DesignateKeyAccount':
      return designateKey(command, openAccount(state));
    case 'RevokeKeyAccountDesignation':
      return revokeKey(command, openAccount(state));
    case 'CloseAccount':
      return close(command, openAccount(state));
    default:
      return assertNever(command);
  }
}

export const accountDecider: Decider<AccountCommand, AccountState, AccountEvent> = {
  initialState: initialAccountState,
  decide,
  evolve,
};

const occurredAt = (command: Timing): string => command.effectiveFrom ?? command.now;

function openAccount(state: AccountState): Opened {
  switch (state.status) {
    case 'unopened':
      throw notFound('account-not-found', 'No account has this id.');
    case 'closed':
      throw conflict('account-closed', `Account ${state.accountId} is closed.`);
    case 'open':
      return state;
    default:
      return assertNever(state);
  }
}

function open(command: OpenAccount, state: AccountState): AccountEvent[] {
  if (state.status !== 'unopened') {
    throw conflict('account-already-opened', `Account ${command.accountId} is already open.`);
  }
  const { accountId, name, sector, region, country, parentAccountId, annualRevenueMinor, employees } = command;
  requireText(name, 'name');
  requireCount(annualRevenueMinor, 'annual-revenue-invalid', 'annualRevenue');
  requireCount(employees, 'employees-invalid', 'employees');
  if (annualRevenueMinor !== null && command.currency === null) {
    throw invalid('currency-required', 'An annual revenue needs its currency.', 'currency');
  }
  checkParent(accountId, parentAccountId, command.parent);
  // A currency without an amount means nothing: the event keeps the two together.
  const currency = annualRevenueMinor === null ? null : command.currency;
  const data = { accountId, name, sector, region, country, parentAccountId, annualRevenueMinor, currency, employees };
  return [{ type: 'AccountOpened', data: { ...data, occurredAt: occurredAt(command) } }];
}

function checkParent(accountId: string, parentAccountId: string | null, parent: AccountFacts | null): void {
  if (parentAccountId === null) return;
  if (parentAccountId === accountId) throw conflict('parent-is-self', 'An account cannot be its own parent.');
  if (parent === null) throw notFound('parent-account-not-found', `No account has the id ${parentAccountId}.`);
  if (parent.status === 'closed') throw conflict('parent-account-closed', `Account ${parentAccountId} is closed.`);
}

// Capacity is deliberately not checked: it is a planning limit that the workload read
// model flags, not a rule that refuses an assignment.
function assign(command: AssignAccount, account: Opened): AccountEvent[] {
  if (account.managerId !== null) {
    throw conflict('account-already-assigned', `Account ${account.accountId} is managed by ${account.managerId}: reassign it.`);
  }
  checkManager(command.managerId, command.manager);
  const data = { accountId: account.accountId, managerId: command.managerId, occurredAt: occurredAt(command) };
  return [{ type: 'AccountAssigned', data }];
}

function reassign(command: ReassignAccount, account: Opened): AccountEvent[] {
  requireText(command.reason, 'reason');
  const fromManagerId = account.managerId;
  if (fromManagerId === null) {
    throw conflict('account-not-assigned', `Account ${account.accountId} has no manager yet: assign it.`);
  }
  const { expectedFromManagerId, toManagerId } = command;
  if (expectedFromManagerId !== undefined && expectedFromManagerId !== fromManagerId) {
    throw conflict('account-not-held-by-manager', `Account ${account.accountId} is not held by ${expectedFromManagerId}.`);
  }
  if (toManagerId === fromManagerId) throw conflict('same-manager', `Account ${account.accountId} is already managed by ${toManagerId}.`);
  checkManager(toManagerId, command.toManager);
  const data = { accountId: account.accountId, fromManagerId, toManagerId, reason: command.reason };
  return [{ type: 'ManagerReassigned', data: { ...data, occurredAt: occurredAt(command) } }];
}

function checkManager(managerId: string, manager: ManagerFacts | null): void {
  if (manager === null) throw notFound('manager-not-found', `No manager has the id ${managerId}.`);
  if (manager.status === 'offboarded') throw conflict('manager-offboarded', `Manager ${managerId} has been offboarded.`);
}

// Designation periods must not overlap: a designation may be retroactive, but not to before
// the last revocation, or the key-account share would count the same days twice.
function designateKey(command: DesignateKeyAccount, account: Opened): AccountEvent[] {
  if (account.isKey) throw conflict('already-key-account', `Account ${account.accountId} is already a key account.`);
  const at = occurredAt(command);
  if (account.keyRevokedAt !== null && isBefore(at, account.keyRevokedAt)) {
    throw invalid('effective-from-before-revocation', `The last designation was revoked on ${account.keyRevokedAt}.`, 'effectiveFrom');
  }
  return [{ type: 'AccountDesignatedKey', data: { accountId: account.accountId, reason: command.reason, occurredAt: at } }];
}

function revokeKey(command: RevokeKeyAccountDesignation, account: Opened): AccountEvent[] {
  if (!account.isKey || account.keySince === null) throw conflict('not-key-account', `Account ${account.accountId} is not a key account.`);
  const at = occurredAt(command);
  if (isBefore(at, account.keySince)) {
    throw invalid('effective-from-before-designation', `The designation took effect on ${account.keySince}.`, 'effectiveFrom');
  }
  const data = { accountId: account.accountId, reason: command.reason, occurredAt: at };
  return [{ type: 'KeyAccountDesignationRevoked', data }];
}

function close(command: CloseAccount, account: Opened): AccountEvent[] {
  requireText(command.reason, 'reason');
  return [{ type: 'AccountClosed', data: { accountId: account.accountId, reason: command.reason, occurredAt: command.now } }];
}

// Compares instants, not strings: `2017-03-01` and `2017-03-01T10:00:00+02:00` both occur.
function isBefore(a: string, b: string): boolean {
  const at = Date.parse(a);
  if (Number.isNaN(at)) throw invalid('effective-from-invalid', `${a} is not an ISO 8601 date.`, 'effectiveFrom');
  return at < Date.parse(b);
}

function requireCount(value: number | null, code: string, field: string): void {
  if (value !== null && !(Number.isSafeInteger(value) && value >= 0)) {
    throw invalid(code, `${field} must be a whole number, 0 or more.`, field);
  }
}

function requireText(value: string, field: string): void {
  if (value.trim() === '') throw invalid(`${field}-required`, `${field} must not be empty.`, field);
}
