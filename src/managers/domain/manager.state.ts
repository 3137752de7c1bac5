import { assertNever } from '@ledger/decider';
import { ManagerEvent, ManagerRole } from './manager.events';

export type ManagerProfile = {
  readonly managerId: string;
  readonly name: string;
  readonly role: ManagerRole;
  readonly territory: string;
  readonly reportsTo: string | null;
  readonly capacity: number | null;
  readonly email: string | null;
  readonly onboardedAt: string;
};

export type ManagerState =
  | { readonly status: 'unonboarded' }
  | ({ readonly status: 'active' } & ManagerProfile)
  | ({
      readonly status: 'offboarded';
      readonly offboardedAt: string;
      readonly offboardingReason: string;
      readonly successorId: string | null;
    } & ManagerProfile);

export const initialManagerState: ManagerState = { status: 'unonboarded' };

/**
 * What other deciders need to know about a manager, loaded by their command handlers.
 * Commands take `ManagerFacts | null`, where `null` means no such manager.
 */
export type ManagerFacts = {
  readonly managerId: string;
  readonly status: 'active' | 'offboarded';
};

export function managerFacts(state: ManagerState): ManagerFacts | null {
  switch (state.status) {
    case 'unonboarded':
      return null;
    case 'active':
    case 'offboarded':
      return { managerId: state.managerId, status: state.status };
    default:
      return assertNever(state);
  }
}

export function evolve(state: ManagerState, event: ManagerEvent): ManagerState {
  switch (event.type) {
    case 'ManagerOnboarded': {
      const { occurredAt, ...profile } = event.data;
      return { status: 'active', ...profile, onboardedAt: occurredAt };
    }
    case 'ManagerRoleChanged':
      return whileActive(state, (active) => ({ ...active, role: event.data.role }));
    case 'ManagerReportingLineChanged':
      return whileActive(state, (active) => ({ ...active, reportsTo: event.data.reportsTo }));
    case 'ManagerCapacityChanged':
      return whileActive(state, (active) => ({ ...active, capacity: event.data.capacity }));
    case 'ManagerOffboarded':
      return whileActive(state, (active) => ({
        ...active,
        status: 'offboarded',
        offboardedAt: event.data.occurredAt,
        offboardingReason: event.data.reason,
        successorId: event.data.successorId,
      }));
    default:
      return assertNever(event);
  }
}

type ActiveManager = Extract<ManagerState, { status: 'active' }>;

// The decider never emits a change for a manager that is not active; a stream that does
// anyway is left as it was rather than crashing every replay of it.
function whileActive(state: ManagerState, change: (active: ActiveManager) => ManagerState): ManagerState {
  return state.status === 'active' ? change(state) : state;
}
