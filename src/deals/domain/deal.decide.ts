import { Decider, assertNever, conflict, invalid, notFound } from '@ledger/decider';
import { AccountFacts } from '../../accounts/domain/account.state';
import { ManagerFacts } from '../../managers/domain/manager.state';
import { DEAL_OUTCOMES, DealEvent, DealOutcome } from './deal.events';
import { DealState, evolve, initialDealState } from './deal.state';
import { isCurrencyCode, parseAmount } from './money';

export type OpenDeal = {
  readonly type: 'OpenDeal';
  readonly dealId: string;
  readonly accountId: string;
  /** The account as the handler found it; `null` when unknown. */
  readonly account: AccountFacts | null;
  readonly managerId: string;
  /** The credited manager as the handler found it; `null` when unknown. */
  readonly manager: ManagerFacts | null;
  readonly product: string | null;
  /** Decimal string, e.g. `"1054.00"`. */
  readonly expectedAmount: string | null;
  /** Defaults to `reportingCurrency`. */
  readonly currency: string | null;
  /** The deployment's one currency (`REPORTING_CURRENCY`). */
  readonly reportingCurrency: string;
  readonly openedAt: string | null;
  readonly now: string;
};

export type CloseDeal = {
  readonly type: 'CloseDeal';
  readonly dealId: string;
  readonly outcome: DealOutcome;
  /** Decimal string; required when won, `"0"` when lost and absent. */
  readonly amount: string | null;
  readonly currency: string | null;
  readonly reportingCurrency: string;
  /** Defaults to `now`. */
  readonly closedAt: string | null;
  /** The deal's account as the handler found it; `null` when unknown. */
  readonly account: AccountFacts | null;
  readonly now: string;
};

export type DealCommand = OpenDeal | CloseDeal;

type Opened = Extract<DealState, { status: 'open' }>;

export function decide(command: DealCommand, state: DealState): DealEvent[] {
  switch (command.type) {
    case 'OpenDeal':
      return open(command, state);
    case 'CloseDeal':
      return close(command, openDeal(state));
    default:
      return assertNever(command);
  }
}

export const dealDecider: Decider<DealCommand, DealState, DealEvent> = {
  initialState: initialDealState,
  decide,
  evolve,
};

function openDeal(state: DealState): Opened {
  switch (state.status) {
    case 'unopened':
      throw notFound('deal-not-found', 'No deal has this id.');
    case 'closed':
      throw conflict('deal-already-closed', `Deal ${state.dealId} was closed ${state.outcome} on ${state.closedAt}.`);
    case 'open':
      return state;
    default:
      return assertNever(state);
  }
}

// An offboarded manager may still be credited: deals are often recorded after the fact
// (imports, late CRM syncs), and the rule is only that the manager exists. Offboarding
// stops a manager from taking accounts, not from having sold.
function open(command: OpenDeal, state: DealState): DealEvent[] {
  if (state.status !== 'unopened') throw conflict('deal-already-opened', `Deal ${command.dealId} is already open.`);
  checkAccount(command.accountId, command.account);
  if (command.manager === null) throw notFound('manager-not-found', `No manager has the id ${command.managerId}.`);
  const currency = dealCurrency(command.currency, command.reportingCurrency);
  const { expectedAmount, openedAt } = command;
  const expectedAmountMinor = expectedAmount === null ? null : parseAmount(expectedAmount, currency, 'expectedAmount');
  if (openedAt !== null) instant(openedAt, 'opened-at-invalid', 'openedAt');
  const { dealId, accountId, managerId, product } = command;
  const data = { dealId, accountId, managerId, product, expectedAmountMinor, currency, openedAt };
  return [{ type: 'DealOpened', data: { ...data, occurredAt: openedAt ?? command.now } }];
}

function close(command: CloseDeal, deal: Opened): DealEvent[] {
  checkAccount(deal.accountId, command.account);
  const outcome = checkOutcome(command.outcome);
  const currency = dealCurrency(command.currency, command.reportingCurrency);
  const amountMinor = closingAmount(outcome, command.amount, currency);
  const closedAt = command.closedAt ?? command.now;
  const closedAtInstant = instant(closedAt, 'closed-at-invalid', 'closedAt');
  // A deal without a business opening date has nothing to be closed before.
  if (deal.openedAt !== null && closedAtInstant < Date.parse(deal.openedAt)) {
    throw invalid('closed-before-opened', `The deal was opened on ${deal.openedAt}.`, 'closedAt');
  }
  const { dealId, accountId, managerId } = deal;
  const data = { dealId, accountId, managerId, outcome, amountMinor, currency, closedAt };
  return [{ type: 'DealClosed', data: { ...data, occurredAt: closedAt } }];
}

function checkAccount(accountId: string, account: AccountFacts | null): void {
  if (account === null) throw notFound('account-not-found', `No account has the id ${accountId}.`);
  if (account.status === 'closed') throw conflict('account-closed', `Account ${accountId} is closed.`);
}

function dealCurrency(currency: string | null, reportingCurrency: string): string {
  const resolved = currency ?? reportingCurrency;
  if (resolved === reportingCurrency) return resolved;
  if (!isCurrencyCode(resolved)) {
    throw invalid('currency-invalid', `${resolved} is not an ISO 4217 currency code.`, 'currency');
  }
  throw invalid(
    'currency-not-supported',
    `Only the reporting currency ${reportingCurrency} is accepted until FX is supported; got ${resolved}.`,
    'currency',
  );
}

function closingAmount(outcome: DealOutcome, amount: string | null, currency: string): number {
  if (amount !== null) return parseAmount(amount, currency, 'amount');
  if (outcome === 'won') throw invalid('amount-required', 'A won deal needs the amount it was won for.', 'amount');
  return 0;
}

// The type already says so; this guards callers that build commands from untyped input.
function checkOutcome(outcome: DealOutcome): DealOutcome {
  if (!DEAL_OUTCOMES.includes(outcome)) throw invalid('outcome-invalid', 'outcome must be won or lost.', 'outcome');
  return outcome;
}

// Compares instants, not strings: `2017-03-01` and `2017-03-01T10:00:00+02:00` both occur.
function instant(iso: string, code: string, field: string): number {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) throw invalid(code, `${field} must be an ISO 8601 date.`, field);
  return at;
}
