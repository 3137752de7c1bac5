import { replay } from '@ledger/decider';
import { ACCOUNT_EVENT_TYPES, AccountEvent, accountStream, isAccountEvent } from './account.events';
import { accountFacts, accountTier, evolve, initialAccountState } from './account.state';

const opened: AccountEvent = {
  type: 'AccountOpened',
  data: {
    accountId: 'a-1',
    name: 'Acme',
    sector: null,
    region: null,
    country: null,
    parentAccountId: null,
    annualRevenueMinor: null,
    currency: null,
    employees: null,
    occurredAt: '2024-01-01T00:00:00.000Z',
  },
};
const assigned: AccountEvent = { type: 'AccountAssigned', data: { accountId: 'a-1', managerId: 'm-1', occurredAt: '2024-01-02' } };
const reassigned: AccountEvent = {
  type: 'ManagerReassigned',
  data: { accountId: 'a-1', fromManagerId: 'm-1', toManagerId: 'm-2', reason: 'offboarding', occurredAt: '2024-02-01' },
};
const designated: AccountEvent = { type: 'AccountDesignatedKey', data: { accountId: 'a-1', reason: null, occurredAt: '2024-02-01' } };
const revoked: AccountEvent = { type: 'KeyAccountDesignationRevoked', data: { accountId: 'a-1', reason: null, occurredAt: '2024-03-01' } };
const closed: AccountEvent = { type: 'AccountClosed', data: { accountId: 'a-1', reason: 'merged', occurredAt: '2024-04-01' } };
const fold = (events: AccountEvent[]) => replay({ initialState: initialAccountState, evolve }, events);

describe('accountFacts', () => {
  it('is null for an account never opened', () => {
    expect(accountFacts(fold([]))).toBeNull();
  });

  it('says open after opening', () => {
    expect(accountFacts(fold([opened]))).toEqual({ accountId: 'a-1', status: 'open' });
  });

  it('says closed after closing', () => {
    expect(accountFacts(fold([opened, closed]))).toEqual({ accountId: 'a-1', status: 'closed' });
  });
});

describe('evolve', () => {
  it('follows the managing manager through a reassignment', () => {
    expect(fold([opened, assigned, reassigned])).toMatchObject({ managerId: 'm-2' });
  });

  it('makes a designated account key since the designation', () => {
    expect(fold([opened, designated])).toMatchObject({ isKey: true, keySince: '2024-02-01' });
  });

  it('makes a revoked account standard again and remembers the revocation', () => {
    expect(fold([opened, designated, revoked])).toMatchObject({ isKey: false, keySince: null, keyRevokedAt: '2024-03-01' });
  });
});

describe('accountTier', () => {
  it('is key for a key account', () => {
    expect(accountTier({ isKey: true })).toBe('key');
  });

  it('is standard otherwise', () => {
    expect(accountTier({ isKey: false })).toBe('standard');
  });
});

describe('account events', () => {
  it('live in the stream account-<id>', () => {
    expect(accountStream('a-1')).toBe('account-a-1');
  });

  it('recognises every account event type', () => {
    expect(ACCOUNT_EVENT_TYPES.every((type) => isAccountEvent({ type }))).toBe(true);
  });

  it('rejects a type from another aggregate', () => {
    expect(isAccountEvent({ type: 'DealOpened' })).toBe(false);
  });
});
