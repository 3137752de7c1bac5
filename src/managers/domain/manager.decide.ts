import { Decider, assertNever, conflict, invalid, notFound } from '@ledger/decider';
import { ManagerEvent, ManagerRole, isManagerRole } from './manager.events';
import { ManagerFacts, ManagerState, evolve, initialManagerState } from './manager.state';

/**
 * The manager a `reportsTo` names, as the handler found it, with the ids above it, so
 * that the decider can refuse a cycle without reading other streams itself.
 */
export type ReportingChain = {
  /** `null`: no manager has that id. */
  readonly manager: ManagerFacts | null;
  /** Ids from the target's own `reportsTo` up to the top (the target itself excluded). */
  readonly chainAbove: readonly string[];
};

/** Every command carries the clock; `effectiveFrom` backdates (or postdates) the change. */
type Timing = { readonly now: string; readonly effectiveFrom?: string };

export type OnboardManager = Timing & {
  readonly type: 'OnboardManager';
  readonly managerId: string;
  readonly name: string;
  readonly role: ManagerRole;
  readonly territory: string;
  readonly reportsTo: string | null;
  /** `null` when `reportsTo` is `null`. */
  readonly reportsToChain: ReportingChain | null;
  readonly capacity: number | null;
  readonly email: string | null;
};

export type ChangeManagerRole = Timing & {
  readonly type: 'ChangeManagerRole';
  readonly managerId: string;
  readonly role: ManagerRole;
};

export type ChangeReportingLine = Timing & {
  readonly type: 'ChangeReportingLine';
  readonly managerId: string;
  readonly reportsTo: string | null;
  readonly reportsToChain: ReportingChain | null;
};

export type ChangeManagerCapacity = Timing & {
  readonly type: 'ChangeManagerCapacity';
  readonly managerId: string;
  readonly capacity: number | null;
};

export type OffboardManager = Timing & {
  readonly type: 'OffboardManager';
  readonly managerId: string;
  readonly reason: string;
  readonly successorId: string | null;
  /** The successor as the handler found it; `null` when unknown or no `successorId`. */
  readonly successor: ManagerFacts | null;
  /** How many accounts the manager holds now, from the account directory. */
  readonly accountsHeld: number;
};

export type ManagerCommand =
  | OnboardManager
  | ChangeManagerRole
  | ChangeReportingLine
  | ChangeManagerCapacity
  | OffboardManager;

type ActiveManager = Extract<ManagerState, { status: 'active' }>;

export function decide(command: ManagerCommand, state: ManagerState): ManagerEvent[] {
  switch (command.type) {
    case 'OnboardManager':
      return onboard(command, state);
    case 'ChangeManagerRole':
      return changeRole(command, activeManager(state));
    case 'ChangeReportingLine':
      return changeReportingLine(command, activeManager(state));
    case 'ChangeManagerCapacity':
      return changeCapacity(command, activeManager(state));
    case 'OffboardManager':
      return offboard(command, activeManager(state));
    default:
      return assertNever(command);
  }
}

export const managerDecider: Decider<ManagerCommand, ManagerState, ManagerEvent> = {
  initialState: initialManagerState,
  decide,
  evolve,
};

const occurredAt = (command: Timing): string => command.effectiveFrom ?? command.now;

function activeManager(state: ManagerState): ActiveManager {
  switch (state.status) {
    case 'unonboarded':
      throw notFound('manager-not-found', 'No manager has this id.');
    case 'offboarded':
      throw conflict('manager-offboarded', `Manager ${state.managerId} has been offboarded.`);
    case 'active':
      return state;
    default:
      return assertNever(state);
  }
}

function onboard(command: OnboardManager, state: ManagerState): ManagerEvent[] {
  if (state.status !== 'unonboarded') {
    throw conflict('manager-already-onboarded', `Manager ${command.managerId} is already onboarded.`);
  }
  const { managerId, name, role, territory, reportsTo, capacity, email } = command;
  requireText(name, 'name');
  requireText(territory, 'territory');
  requireRole(role);
  requireCapacity(capacity);
  checkReportsTo(managerId, reportsTo, command.reportsToChain);
  const data = { managerId, name, role, territory, reportsTo, capacity, email, occurredAt: occurredAt(command) };
  return [{ type: 'ManagerOnboarded', data }];
}

// Setting a value it already has is refused (`no-change`) rather than ignored: the API
// promises each command its event, and a 409 tells the caller that nothing was recorded
// (retries are made safe by the Idempotency-Key, not by swallowing repeats).
function refuseNoChange(what: string): never {
  throw conflict('no-change', `The manager's ${what} already has this value.`);
}

function changeRole(command: ChangeManagerRole, manager: ActiveManager): ManagerEvent[] {
  requireRole(command.role);
  if (command.role === manager.role) refuseNoChange('role');
  const data = { managerId: manager.managerId, role: command.role, previousRole: manager.role };
  return [{ type: 'ManagerRoleChanged', data: { ...data, occurredAt: occurredAt(command) } }];
}

function changeReportingLine(command: ChangeReportingLine, manager: ActiveManager): ManagerEvent[] {
  if (command.reportsTo === manager.reportsTo) refuseNoChange('reporting line');
  checkReportsTo(manager.managerId, command.reportsTo, command.reportsToChain);
  const data = { managerId: manager.managerId, reportsTo: command.reportsTo, previousReportsTo: manager.reportsTo };
  return [{ type: 'ManagerReportingLineChanged', data: { ...data, occurredAt: occurredAt(command) } }];
}

function changeCapacity(command: ChangeManagerCapacity, manager: ActiveManager): ManagerEvent[] {
  requireCapacity(command.capacity);
  if (command.capacity === manager.capacity) refuseNoChange('capacity');
  const data = { managerId: manager.managerId, capacity: command.capacity, previousCapacity: manager.capacity };
  return [{ type: 'ManagerCapacityChanged', data: { ...data, occurredAt: occurredAt(command) } }];
}

// The reassignment of the accounts held is not decided here: a process reacting to
// `ManagerOffboarded` reassigns each account to `successorId` through the account decider.
function offboard(command: OffboardManager, manager: ActiveManager): ManagerEvent[] {
  requireText(command.reason, 'reason');
  const { successorId, successor } = command;
  if (successorId === null && command.accountsHeld > 0) {
    throw conflict('successor-required', `Manager ${manager.managerId} still holds ${command.accountsHeld} account(s): name a successorId.`);
  }
  if (successorId !== null) checkSuccessor(manager.managerId, successorId, successor);
  const data = { managerId: manager.managerId, reason: command.reason, successorId };
  return [{ type: 'ManagerOffboarded', data: { ...data, occurredAt: occurredAt(command) } }];
}

function checkSuccessor(managerId: string, successorId: string, successor: ManagerFacts | null): void {
  if (successorId === managerId) throw conflict('successor-is-self', 'A manager cannot succeed themselves.');
  if (successor === null) throw notFound('successor-not-found', `No manager has the id ${successorId}.`);
  if (successor.status === 'offboarded') {
    throw conflict('successor-offboarded', `Successor ${successorId} has been offboarded.`);
  }
}

function checkReportsTo(managerId: string, reportsTo: string | null, chain: ReportingChain | null): void {
  if (reportsTo === null) return;
  if (reportsTo === managerId) throw conflict('reporting-cycle', 'A manager cannot report to themselves.');
  const target = chain?.manager ?? null;
  if (target === null) throw notFound('reports-to-not-found', `No manager has the id ${reportsTo}.`);
  if (target.status === 'offboarded') {
    throw conflict('reports-to-offboarded', `Manager ${reportsTo} has been offboarded.`);
  }
  if (chain?.chainAbove.includes(managerId)) {
    throw conflict('reporting-cycle', `Manager ${reportsTo} already reports, directly or not, to ${managerId}.`);
  }
}

function requireCapacity(capacity: number | null): void {
  if (capacity !== null && !(Number.isInteger(capacity) && capacity >= 0)) {
    throw invalid('capacity-invalid', 'Capacity must be a whole number of accounts, 0 or more, or null.', 'capacity');
  }
}

// The type already says so; this guards callers that build commands from untyped input.
function requireRole(role: string): void {
  if (!isManagerRole(role)) throw invalid('role-invalid', `Unknown role ${role}.`, 'role');
}

function requireText(value: string, field: string): void {
  if (value.trim() === '') throw invalid(`${field}-required`, `${field} must not be empty.`, field);
}
