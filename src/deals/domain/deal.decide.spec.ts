import { givenFor } from '../../../libs/decider/src/testing';
import { CloseDeal, OpenDeal, dealDecider } from './deal.decide';
import { DealClosed, DealEvent, DealOpened } from './deal.events';

const given = givenFor(dealDecider);
const now = '2024-05-01T09:00:00.000Z';
const openAccount = { accountId: 'a-1', status: 'open' as const };
const closedAccount = { accountId: 'a-1', status: 'closed' as const };

const opened: DealOpened = {
  type: 'DealOpened',
  data: {
    dealId: 'd-1',
    accountId: 'a-1',
    managerId: 'm-1',
    product: 'GTX Pro',
    expectedAmountMinor: 105400,
    currency: 'USD',
    openedAt: '2017-03-01',
    occurredAt: '2017-03-01',
  },
};
const won: DealClosed = {
  type: 'DealClosed',
  data: {
    dealId: 'd-1',
    accountId: 'a-1',
    managerId: 'm-1',
    outcome: 'won',
    amountMinor: 105000,
    currency: 'USD',
    closedAt: '2017-04-15',
    occurredAt: '2017-04-15',
  },
};

const open = (patch: Partial<OpenDeal> = {}): OpenDeal => ({
  type: 'OpenDeal',
  dealId: 'd-1',
  accountId: 'a-1',
  account: openAccount,
  managerId: 'm-1',
  manager: { managerId: 'm-1', status: 'active' },
  product: 'GTX Pro',
  expectedAmount: '1054',
  currency: null,
  reportingCurrency: 'USD',
  openedAt: '2017-03-01',
  now,
  ...patch,
});
const close = (patch: Partial<CloseDeal> = {}): CloseDeal => ({
  type: 'CloseDeal',
  dealId: 'd-1',
  outcome: 'won',
  amount: '1050.00',
  currency: null,
  reportingCurrency: 'USD',
  closedAt: '2017-04-15',
  account: openAccount,
  now,
  ...patch,
});
const closedWith = (patch: Partial<DealClosed['data']>): DealEvent => ({ type: 'DealClosed', data: { ...won.data, ...patch } });

describe('OpenDeal', () => {
  it('records DealOpened at its business date, in minor units of the reporting currency', () => {
    given([]).when(open()).then([opened]);
  });

  it('records a deal without business date at now', () => {
    given([]).when(open({ openedAt: null })).then([{ ...opened, data: { ...opened.data, openedAt: null, occurredAt: now } }]);
  });

  it('records a deal without expected amount', () => {
    given([]).when(open({ expectedAmount: null })).then([{ ...opened, data: { ...opened.data, expectedAmountMinor: null } }]);
  });

  it('accepts the reporting currency named explicitly', () => {
    given([]).when(open({ currency: 'USD' })).then([opened]);
  });

  it('credits an offboarded manager (deals are often recorded after the fact)', () => {
    given([]).when(open({ manager: { managerId: 'm-1', status: 'offboarded' } })).then([opened]);
  });

  it('refuses an id that is already open', () => {
    given([opened]).when(open()).thenRefuses({ kind: 'conflict', code: 'deal-already-opened' });
  });

  it('refuses an unknown account', () => {
    given([]).when(open({ account: null })).thenRefuses({ kind: 'not-found', code: 'account-not-found' });
  });

  it('refuses a closed account', () => {
    given([]).when(open({ account: closedAccount })).thenRefuses({ kind: 'conflict', code: 'account-closed' });
  });

  it('refuses an unknown manager', () => {
    given([]).when(open({ manager: null })).thenRefuses({ kind: 'not-found', code: 'manager-not-found' });
  });

  it('refuses a currency other than the reporting currency', () => {
    given([]).when(open({ currency: 'EUR' })).thenRefuses({ kind: 'invalid', code: 'currency-not-supported', field: 'currency' });
  });

  it('says why another currency is refused', () => {
    expect(() => dealDecider.decide(open({ currency: 'EUR' }), dealDecider.initialState)).toThrow(
      'Only the reporting currency USD is accepted until FX is supported; got EUR.',
    );
  });

  it('refuses a currency that is not an ISO 4217 code', () => {
    given([]).when(open({ currency: 'dollars' })).thenRefuses({ kind: 'invalid', code: 'currency-invalid', field: 'currency' });
  });

  it('refuses an expected amount that is not a decimal string', () => {
    given([]).when(open({ expectedAmount: '1e3' })).thenRefuses({
      kind: 'invalid',
      code: 'amount-invalid',
      field: 'expectedAmount',
    });
  });

  it('refuses an opening date that is not a date', () => {
    given([]).when(open({ openedAt: 'soon' })).thenRefuses({ kind: 'invalid', code: 'opened-at-invalid', field: 'openedAt' });
  });
});

describe('CloseDeal', () => {
  it('records a won deal with its amount, account and credited manager', () => {
    given([opened]).when(close()).then([won]);
  });

  it('closes at now when no closedAt is given', () => {
    given([opened]).when(close({ closedAt: null })).then([closedWith({ closedAt: now, occurredAt: now })]);
  });

  it('refuses an unknown deal', () => {
    given([]).when(close()).thenRefuses({ kind: 'not-found', code: 'deal-not-found' });
  });

  it('refuses a deal closed already', () => {
    given([opened, won]).when(close()).thenRefuses({ kind: 'conflict', code: 'deal-already-closed' });
  });

  it('refuses when the account is unknown', () => {
    given([opened]).when(close({ account: null })).thenRefuses({ kind: 'not-found', code: 'account-not-found' });
  });

  it('refuses when the account is closed', () => {
    given([opened]).when(close({ account: closedAccount })).thenRefuses({ kind: 'conflict', code: 'account-closed' });
  });

  it('refuses a won deal without amount', () => {
    given([opened]).when(close({ amount: null })).thenRefuses({ kind: 'invalid', code: 'amount-required', field: 'amount' });
  });

  it('records a lost deal without amount as 0', () => {
    given([opened]).when(close({ outcome: 'lost', amount: null })).then([closedWith({ outcome: 'lost', amountMinor: 0 })]);
  });

  it('records the amount of a lost deal when given', () => {
    given([opened]).when(close({ outcome: 'lost', amount: '99.99' })).then([closedWith({ outcome: 'lost', amountMinor: 9999 })]);
  });

  it('refuses an amount that is not a decimal string', () => {
    given([opened]).when(close({ amount: '-5' })).thenRefuses({ kind: 'invalid', code: 'amount-invalid', field: 'amount' });
  });

  it('refuses a currency other than the reporting currency', () => {
    given([opened]).when(close({ currency: 'GBP' })).thenRefuses({ kind: 'invalid', code: 'currency-not-supported', field: 'currency' });
  });

  it('refuses an outcome other than won or lost', () => {
    const command = close({ outcome: 'pending' as CloseDeal['outcome'] });
    given([opened]).when(command).thenRefuses({ kind: 'invalid', code: 'outcome-invalid', field: 'outcome' });
  });

  it('refuses a closing date before the opening date', () => {
    given([opened]).when(close({ closedAt: '2017-02-28' })).thenRefuses({
      kind: 'invalid',
      code: 'closed-before-opened',
      field: 'closedAt',
    });
  });

  it('accepts a closing later on the opening day', () => {
    given([opened]).when(close({ closedAt: '2017-03-01T16:00:00Z' })).then([
      closedWith({ closedAt: '2017-03-01T16:00:00Z', occurredAt: '2017-03-01T16:00:00Z' }),
    ]);
  });

  it('accepts any closing date for a deal opened without business date', () => {
    const prospect: DealEvent = { ...opened, data: { ...opened.data, openedAt: null, occurredAt: now } };
    given([prospect]).when(close()).then([won]);
  });

  it('refuses a closing date that is not a date', () => {
    given([opened]).when(close({ closedAt: 'tomorrow' })).thenRefuses({ kind: 'invalid', code: 'closed-at-invalid', field: 'closedAt' });
  });
});
