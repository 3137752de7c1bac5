import { replay } from '@ledger/decider';
import { DEAL_EVENT_TYPES, DealEvent, dealStream, isDealEvent } from './deal.events';
import { dealFacts, evolve, initialDealState } from './deal.state';

const opened: DealEvent = {
  type: 'DealOpened',
  data: {
    dealId: 'd-1',
    accountId: 'a-1',
    managerId: 'm-1',
    product: null,
    expectedAmountMinor: null,
    currency: 'USD',
    openedAt: null,
    occurredAt: '2024-01-01T00:00:00.000Z',
  },
};
const lost: DealEvent = {
  type: 'DealClosed',
  data: {
    dealId: 'd-1',
    accountId: 'a-1',
    managerId: 'm-1',
    outcome: 'lost',
    amountMinor: 0,
    currency: 'USD',
    closedAt: '2024-02-01',
    occurredAt: '2024-02-01',
  },
};
const fold = (events: DealEvent[]) => replay({ initialState: initialDealState, evolve }, events);

describe('dealFacts', () => {
  it('is null for a deal never opened', () => {
    expect(dealFacts(fold([]))).toBeNull();
  });

  it('names the account and credited manager of an open deal', () => {
    expect(dealFacts(fold([opened]))).toEqual({ dealId: 'd-1', accountId: 'a-1', managerId: 'm-1', status: 'open' });
  });

  it('says closed after closing', () => {
    expect(dealFacts(fold([opened, lost]))).toMatchObject({ status: 'closed' });
  });
});

describe('evolve', () => {
  it('keeps the outcome, amount and date of the closing', () => {
    expect(fold([opened, lost])).toMatchObject({ outcome: 'lost', amountMinor: 0, closedAt: '2024-02-01' });
  });
});

describe('deal events', () => {
  it('live in the stream deal-<id>', () => {
    expect(dealStream('d-1')).toBe('deal-d-1');
  });

  it('recognises every deal event type', () => {
    expect(DEAL_EVENT_TYPES.every((type) => isDealEvent({ type }))).toBe(true);
  });

  it('rejects a type from another aggregate', () => {
    expect(isDealEvent({ type: 'AccountOpened' })).toBe(false);
  });
});
