import { assertNever } from '@ledger/decider';
import { AccountEvent } from './account.events';

/** What decisions need, and what an account looked like at a moment (`/state?asOf=`). */
export type AccountProfile = {
  readonly accountId: string;
  readonly name: string;
  readonly sector: string | null;
  readonly region: string | null;
  readonly country: string | null;
  readonly parentAccountId: string | null;
  readonly annualRevenueMinor: number | null;
  readonly currency: string | null;
  readonly employees: number | null;
  readonly openedAt: string;
  /** The one managing manager, `null` while unassigned. */
  readonly managerId: string | null;
  readonly isKey: boolean;
  /** When the designation in force took effect; `null` when not key. */
  readonly keySince: string | null;
  /** When the last revocation took effect; `null` if never revoked. */
  readonly keyRevokedAt: string | null;
};

export type AccountState =
  | { readonly status: 'unopened' }
  | ({ readonly status: 'open' } & AccountProfile)
  | ({ readonly status: 'closed'; readonly closedAt: string; readonly closeReason: string } & AccountProfile);

export const initialAccountState: AccountState = { status: 'unopened' };

export type AccountTier = 'key' | 'standard';

export const accountTier = (account: Pick<AccountProfile, 'isKey'>): AccountTier => (account.isKey ? 'key' : 'standard');

/**
 * What other deciders need to know about an account, loaded by their command handlers.
 * Commands take `AccountFacts | null`, where `null` means no such account.
 */
export type AccountFacts = {
  readonly accountId: string;
  readonly status: 'open' | 'closed';
};

export function accountFacts(state: AccountState): AccountFacts | null {
  switch (state.status) {
    case 'unopened':
      return null;
    case 'open':
    case 'closed':
      return { accountId: state.accountId, status: state.status };
    default:
      return assertNever(state);
  }
}

export function evolve(state: AccountState, event: AccountEvent): AccountState {
  switch (event.type) {
    case 'AccountOpened': {
      const { occurredAt, ...opened } = event.data;
      const keyless = { isKey: false, keySince: null, keyRevokedAt: null };
      return { status: 'open', ...opened, openedAt: occurredAt, managerId: null, ...keyless };
    }
    case 'AccountAssigned':
      return whileOpen(state, (open) => ({ ...open, managerId: event.data.managerId }));
    case 'ManagerReassigned':
      return whileOpen(state, (open) => ({ ...open, managerId: event.data.toManagerId }));
    case 'AccountDesignatedKey':
      return whileOpen(state, (open) => ({ ...open, isKey: true, keySince: event.data.occurredAt }));
    case 'KeyAccountDesignationRevoked':
      return whileOpen(state, (open) => ({ ...open, isKey: false, keySince: null, keyRevokedAt: event.data.occurredAt }));
    case 'AccountClosed':
      return whileOpen(state, (open) => ({
        ...open,
        status: 'closed',
        closedAt: event.data.occurredAt,
        closeReason: event.data.reason,
      }));
    default:
      return assertNever(event);
  }
}

type OpenedAccount = Extract<AccountState, { status: 'open' }>;

// The decider never emits a change for an account that is not open; a stream that does
// anyway is left as it was rather than crashing every replay of it.
function whileOpen(state: AccountState, change: (open: OpenedAccount) => AccountState): AccountState {
  return state.status === 'open' ? change(state) : state;
}
