import { givenFor } from '../../../libs/decider/src/testing';
import {
  AccountCommand,
  AssignAccount,
  CloseAccount,
  DesignateKeyAccount,
  OpenAccount,
  ReassignAccount,
  RevokeKeyAccountDesignation,
  accountDecider,
} from './account.decide';
import { AccountEvent, AccountOpened } from './account.events';

const given = givenFor(accountDecider);
const now = '2024-05-01T09:00:00.000Z';
const active = { managerId: 'm-2', status: 'active' as const };
const offboardedManager = { managerId: 'm-2', status: 'offboarded' as const };

const opened: AccountOpened = {
  type: 'AccountOpened',
  data: {
    accountId: 'a-1',
    name: 'Acme',
    sector: 'technology',
    region: 'Central',
    country: 'US',
    parentAccountId: null,
    annualRevenueMinor: 100_000_00,
    currency: 'USD',
    employees: 120,
    occurredAt: '2024-01-01T00:00:00.000Z',
  },
};
const assigned: AccountEvent = { type: 'AccountAssigned', data: { accountId: 'a-1', managerId: 'm-1', occurredAt: '2024-01-02' } };
const designated: AccountEvent = { type: 'AccountDesignatedKey', data: { accountId: 'a-1', reason: null, occurredAt: '2024-02-01' } };
const revoked: AccountEvent = {
  type: 'KeyAccountDesignationRevoked',
  data: { accountId: 'a-1', reason: null, occurredAt: '2024-03-01' },
};
const closed: AccountEvent = { type: 'AccountClosed', data: { accountId: 'a-1', reason: 'merged', occurredAt: '2024-04-01' } };

const { occurredAt: _, ...openedFields } = opened.data;
const open = (patch: Partial<OpenAccount> = {}): OpenAccount => ({ type: 'OpenAccount', ...openedFields, parent: null, now, ...patch });
const openedWith = (patch: Partial<AccountOpened['data']>): AccountEvent => ({
  type: 'AccountOpened',
  data: { ...opened.data, occurredAt: now, ...patch },
});
const assign = (patch: Partial<AssignAccount> = {}): AssignAccount => ({
  type: 'AssignAccount',
  accountId: 'a-1',
  managerId: 'm-2',
  manager: active,
  now,
  ...patch,
});
const reassign = (patch: Partial<ReassignAccount> = {}): ReassignAccount => ({
  type: 'ReassignAccount',
  accountId: 'a-1',
  toManagerId: 'm-2',
  toManager: active,
  reason: 'territory change',
  now,
  ...patch,
});
const designate = (patch: Partial<DesignateKeyAccount> = {}): DesignateKeyAccount => ({
  type: 'DesignateKeyAccount',
  accountId: 'a-1',
  reason: 'top 10 by revenue',
  now,
  ...patch,
});
const revoke = (patch: Partial<RevokeKeyAccountDesignation> = {}): RevokeKeyAccountDesignation => ({
  type: 'RevokeKeyAccountDesignation',
  accountId: 'a-1',
  reason: null,
  now,
  ...patch,
});
const close = (patch: Partial<CloseAccount> = {}): CloseAccount => ({ type: 'CloseAccount', accountId: 'a-1', reason: 'merged', now, ...patch });

describe('OpenAccount', () => {
  it('records AccountOpened at now', () => {
    given([]).when(open()).then([openedWith({})]);
  });

  it('records the opening at effectiveFrom when given', () => {
    given([]).when(open({ effectiveFrom: '2017-03-01' })).then([openedWith({ occurredAt: '2017-03-01' })]);
  });

  it('refuses an id that is already open', () => {
    given([opened]).when(open()).thenRefuses({ kind: 'conflict', code: 'account-already-opened' });
  });

  it('refuses a blank name', () => {
    given([]).when(open({ name: '' })).thenRefuses({ kind: 'invalid', code: 'name-required', field: 'name' });
  });

  it.each([-1, 10.5])('refuses an annual revenue of %p minor units', (annualRevenueMinor) => {
    given([]).when(open({ annualRevenueMinor })).thenRefuses({
      kind: 'invalid',
      code: 'annual-revenue-invalid',
      field: 'annualRevenue',
    });
  });

  it.each([-1, 1.5])('refuses %p employees', (employees) => {
    given([]).when(open({ employees })).thenRefuses({ kind: 'invalid', code: 'employees-invalid', field: 'employees' });
  });

  it('refuses an annual revenue without currency', () => {
    given([]).when(open({ currency: null })).thenRefuses({ kind: 'invalid', code: 'currency-required', field: 'currency' });
  });

  it('records no currency when there is no annual revenue', () => {
    given([]).when(open({ annualRevenueMinor: null })).then([openedWith({ annualRevenueMinor: null, currency: null })]);
  });

  it('accepts an open parent account', () => {
    const command = open({ parentAccountId: 'p-1', parent: { accountId: 'p-1', status: 'open' } });
    given([]).when(command).then([openedWith({ parentAccountId: 'p-1' })]);
  });

  it('refuses an unknown parent account', () => {
    given([]).when(open({ parentAccountId: 'p-1' })).thenRefuses({ kind: 'not-found', code: 'parent-account-not-found' });
  });

  it('refuses a closed parent account', () => {
    const command = open({ parentAccountId: 'p-1', parent: { accountId: 'p-1', status: 'closed' } });
    given([]).when(command).thenRefuses({ kind: 'conflict', code: 'parent-account-closed' });
  });

  it('refuses the account as its own parent', () => {
    given([]).when(open({ parentAccountId: 'a-1' })).thenRefuses({ kind: 'conflict', code: 'parent-is-self' });
  });
});

describe('commands on an account that cannot take them', () => {
  const others: [string, AccountCommand][] = [
    ['AssignAccount', assign()],
    ['ReassignAccount', reassign()],
    ['DesignateKeyAccount', designate()],
    ['RevokeKeyAccountDesignation', revoke()],
    ['CloseAccount', close()],
  ];

  it.each(others)('%s on an unknown account is refused as not found', (_, command) => {
    given([]).when(command).thenRefuses({ kind: 'not-found', code: 'account-not-found' });
  });

  it.each(others)('%s on a closed account is refused', (_, command) => {
    given([opened, assigned, designated, closed]).when(command).thenRefuses({ kind: 'conflict', code: 'account-closed' });
  });
});

describe('AssignAccount', () => {
  it('records the first manager at effectiveFrom', () => {
    given([opened]).when(assign({ effectiveFrom: '2024-01-05' })).then([
      { type: 'AccountAssigned', data: { accountId: 'a-1', managerId: 'm-2', occurredAt: '2024-01-05' } },
    ]);
  });

  it('refuses an account that already has a manager', () => {
    given([opened, assigned]).when(assign()).thenRefuses({ kind: 'conflict', code: 'account-already-assigned' });
  });

  it('refuses an unknown manager', () => {
    given([opened]).when(assign({ manager: null })).thenRefuses({ kind: 'not-found', code: 'manager-not-found' });
  });

  it('refuses an offboarded manager', () => {
    given([opened]).when(assign({ manager: offboardedManager })).thenRefuses({ kind: 'conflict', code: 'manager-offboarded' });
  });
});

describe('ReassignAccount', () => {
  const reassigned: AccountEvent = {
    type: 'ManagerReassigned',
    data: { accountId: 'a-1', fromManagerId: 'm-1', toManagerId: 'm-2', reason: 'territory change', occurredAt: now },
  };

  it('records the move from the current manager to the new one', () => {
    given([opened, assigned]).when(reassign()).then([reassigned]);
  });

  it('refuses an account without a manager', () => {
    given([opened]).when(reassign()).thenRefuses({ kind: 'conflict', code: 'account-not-assigned' });
  });

  it('refuses the current manager', () => {
    const command = reassign({ toManagerId: 'm-1', toManager: { managerId: 'm-1', status: 'active' } });
    given([opened, assigned]).when(command).thenRefuses({ kind: 'conflict', code: 'same-manager' });
  });

  it('refuses an unknown manager', () => {
    given([opened, assigned]).when(reassign({ toManager: null })).thenRefuses({ kind: 'not-found', code: 'manager-not-found' });
  });

  it('refuses an offboarded manager', () => {
    given([opened, assigned]).when(reassign({ toManager: offboardedManager })).thenRefuses({
      kind: 'conflict',
      code: 'manager-offboarded',
    });
  });

  it('refuses a blank reason', () => {
    given([opened, assigned]).when(reassign({ reason: ' ' })).thenRefuses({ kind: 'invalid', code: 'reason-required', field: 'reason' });
  });

  it('reassigns when the account is still held by the expected manager', () => {
    given([opened, assigned]).when(reassign({ expectedFromManagerId: 'm-1' })).then([reassigned]);
  });

  it('refuses when the account is no longer held by the expected manager (a resumed offboarding)', () => {
    given([opened, assigned, reassigned]).when(reassign({ expectedFromManagerId: 'm-1' })).thenRefuses({
      kind: 'conflict',
      code: 'account-not-held-by-manager',
    });
  });
});

describe('DesignateKeyAccount', () => {
  it('records a retroactive designation at effectiveFrom', () => {
    given([opened]).when(designate({ effectiveFrom: '2017-03-01' })).then([
      { type: 'AccountDesignatedKey', data: { accountId: 'a-1', reason: 'top 10 by revenue', occurredAt: '2017-03-01' } },
    ]);
  });

  it('refuses an account that is already key', () => {
    given([opened, designated]).when(designate()).thenRefuses({ kind: 'conflict', code: 'already-key-account' });
  });

  it('designates again after a revocation', () => {
    given([opened, designated, revoked]).when(designate({ reason: null })).then([
      { type: 'AccountDesignatedKey', data: { accountId: 'a-1', reason: null, occurredAt: now } },
    ]);
  });

  it('refuses a new designation effective before the last revocation', () => {
    given([opened, designated, revoked]).when(designate({ effectiveFrom: '2024-02-15' })).thenRefuses({
      kind: 'invalid',
      code: 'effective-from-before-revocation',
      field: 'effectiveFrom',
    });
  });
});

describe('RevokeKeyAccountDesignation', () => {
  it('records the revocation at effectiveFrom', () => {
    given([opened, designated]).when(revoke({ effectiveFrom: '2024-03-01', reason: 'revenue fell' })).then([
      { type: 'KeyAccountDesignationRevoked', data: { accountId: 'a-1', reason: 'revenue fell', occurredAt: '2024-03-01' } },
    ]);
  });

  it('refuses an account that is not key', () => {
    given([opened]).when(revoke()).thenRefuses({ kind: 'conflict', code: 'not-key-account' });
  });

  it('refuses a revocation effective before the designation', () => {
    given([opened, designated]).when(revoke({ effectiveFrom: '2024-01-31' })).thenRefuses({
      kind: 'invalid',
      code: 'effective-from-before-designation',
      field: 'effectiveFrom',
    });
  });

  it('compares instants, not strings, across time zones', () => {
    const designatedAt8Utc: AccountEvent = { ...designated, data: { ...designated.data, occurredAt: '2024-02-01T10:00:00+02:00' } };
    given([opened, designatedAt8Utc]).when(revoke({ effectiveFrom: '2024-02-01T09:00:00Z' })).then([
      { type: 'KeyAccountDesignationRevoked', data: { accountId: 'a-1', reason: null, occurredAt: '2024-02-01T09:00:00Z' } },
    ]);
  });

  it('refuses an effectiveFrom that is not a date', () => {
    given([opened, designated]).when(revoke({ effectiveFrom: 'next tuesday' })).thenRefuses({
      kind: 'invalid',
      code: 'effective-from-invalid',
      field: 'effectiveFrom',
    });
  });
});

describe('CloseAccount', () => {
  it('records AccountClosed at now', () => {
    given([opened]).when(close()).then([{ type: 'AccountClosed', data: { accountId: 'a-1', reason: 'merged', occurredAt: now } }]);
  });

  it('refuses a blank reason', () => {
    given([opened]).when(close({ reason: '' })).thenRefuses({ kind: 'invalid', code: 'reason-required', field: 'reason' });
  });
});
