import { assertNever } from '@ledger/decider';
import { DealEvent, DealOutcome } from './deal.events';

export type DealTerms = {
  readonly dealId: string;
  readonly accountId: string;
  readonly managerId: string;
  readonly product: string | null;
  readonly expectedAmountMinor: number | null;
  readonly currency: string;
  /** Business date of the opening, `null` when the deal has none. */
  readonly openedAt: string | null;
};

export type DealState =
  | { readonly status: 'unopened' }
  | ({ readonly status: 'open' } & DealTerms)
  | ({
      readonly status: 'closed';
      readonly outcome: DealOutcome;
      readonly amountMinor: number;
      readonly closedAt: string;
    } & DealTerms);

export const initialDealState: DealState = { status: 'unopened' };

/** What a handler needs before closing a deal (which account to load) and read models. */
export type DealFacts = {
  readonly dealId: string;
  readonly accountId: string;
  readonly managerId: string;
  readonly status: 'open' | 'closed';
};

export function dealFacts(state: DealState): DealFacts | null {
  switch (state.status) {
    case 'unopened':
      return null;
    case 'open':
    case 'closed':
      return { dealId: state.dealId, accountId: state.accountId, managerId: state.managerId, status: state.status };
    default:
      return assertNever(state);
  }
}

export function evolve(state: DealState, event: DealEvent): DealState {
  switch (event.type) {
    case 'DealOpened': {
      const { occurredAt: _, ...terms } = event.data;
      return { status: 'open', ...terms };
    }
    case 'DealClosed': {
      // A deal closes once; a stream that says otherwise keeps its first closing.
      if (state.status !== 'open') return state;
      const { outcome, amountMinor, closedAt } = event.data;
      return { ...state, status: 'closed', outcome, amountMinor, closedAt };
    }
    default:
      return assertNever(event);
  }
}
