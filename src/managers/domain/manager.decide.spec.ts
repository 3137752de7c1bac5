import { givenFor } from '../../../libs/decider/src/testing';
import {
  ChangeManagerCapacity,
  ChangeManagerRole,
  ChangeReportingLine,
  ManagerCommand,
  OffboardManager,
  OnboardManager,
  ReportingChain,
  managerDecider,
} from './manager.decide';
import { ManagerEvent, ManagerOnboarded } from './manager.events';

const given = givenFor(managerDecider);
const now = '2024-05-01T09:00:00.000Z';
const earlier = '2024-01-15';

const onboarded: ManagerOnboarded = {
  type: 'ManagerOnboarded',
  data: {
    managerId: 'm-1',
    name: 'Ada Byron',
    role: 'account_manager',
    territory: 'Central',
    reportsTo: null,
    capacity: 10,
    email: 'ada@example.com',
    occurredAt: '2024-01-01T00:00:00.000Z',
  },
};
const offboarded: ManagerEvent = {
  type: 'ManagerOffboarded',
  data: { managerId: 'm-1', reason: 'left', successorId: null, occurredAt: '2024-03-01T00:00:00.000Z' },
};
const reportingLineChanged: ManagerEvent = {
  type: 'ManagerReportingLineChanged',
  data: { managerId: 'm-1', reportsTo: 'boss-1', previousReportsTo: null, occurredAt: now },
};

const activeBoss: ReportingChain = { manager: { managerId: 'boss-1', status: 'active' }, chainAbove: ['ceo-1'] };
const offboardedBoss: ReportingChain = { manager: { managerId: 'boss-1', status: 'offboarded' }, chainAbove: [] };
const unknownBoss: ReportingChain = { manager: null, chainAbove: [] };

const onboard = (patch: Partial<OnboardManager> = {}): OnboardManager => ({
  type: 'OnboardManager',
  ...onboarded.data,
  reportsToChain: null,
  now,
  ...patch,
});
const changeRole = (patch: Partial<ChangeManagerRole> = {}): ChangeManagerRole => ({
  type: 'ChangeManagerRole',
  managerId: 'm-1',
  role: 'key_account_manager',
  now,
  ...patch,
});
const changeLine = (patch: Partial<ChangeReportingLine> = {}): ChangeReportingLine => ({
  type: 'ChangeReportingLine',
  managerId: 'm-1',
  reportsTo: 'boss-1',
  reportsToChain: activeBoss,
  now,
  ...patch,
});
const changeCapacity = (patch: Partial<ChangeManagerCapacity> = {}): ChangeManagerCapacity => ({
  type: 'ChangeManagerCapacity',
  managerId: 'm-1',
  capacity: 12,
  now,
  ...patch,
});
const offboard = (patch: Partial<OffboardManager> = {}): OffboardManager => ({
  type: 'OffboardManager',
  managerId: 'm-1',
  reason: 'left the company',
  successorId: null,
  successor: null,
  accountsHeld: 0,
  now,
  ...patch,
});

describe('OnboardManager', () => {
  it('records ManagerOnboarded at now', () => {
    given([]).when(onboard()).then([{ ...onboarded, data: { ...onboarded.data, occurredAt: now } }]);
  });

  it('records the onboarding at effectiveFrom when given', () => {
    given([]).when(onboard({ effectiveFrom: earlier })).then([{ ...onboarded, data: { ...onboarded.data, occurredAt: earlier } }]);
  });

  it('refuses an id that is already onboarded', () => {
    given([onboarded]).when(onboard()).thenRefuses({ kind: 'conflict', code: 'manager-already-onboarded' });
  });

  it('refuses a blank name', () => {
    given([]).when(onboard({ name: ' ' })).thenRefuses({ kind: 'invalid', code: 'name-required', field: 'name' });
  });

  it('refuses a blank territory', () => {
    given([]).when(onboard({ territory: '' })).thenRefuses({ kind: 'invalid', code: 'territory-required', field: 'territory' });
  });

  it('refuses an unknown role', () => {
    const command = onboard({ role: 'chief_hugger' as OnboardManager['role'] });
    given([]).when(command).thenRefuses({ kind: 'invalid', code: 'role-invalid', field: 'role' });
  });

  it('accepts a capacity of 0', () => {
    given([]).when(onboard({ capacity: 0 })).then([{ ...onboarded, data: { ...onboarded.data, capacity: 0, occurredAt: now } }]);
  });

  it.each([-1, 2.5])('refuses a capacity of %p', (capacity) => {
    given([]).when(onboard({ capacity })).thenRefuses({ kind: 'invalid', code: 'capacity-invalid', field: 'capacity' });
  });

  it('accepts reporting to an active manager', () => {
    const command = onboard({ reportsTo: 'boss-1', reportsToChain: activeBoss });
    given([]).when(command).then([{ ...onboarded, data: { ...onboarded.data, reportsTo: 'boss-1', occurredAt: now } }]);
  });

  it('refuses reporting to an unknown manager', () => {
    const command = onboard({ reportsTo: 'boss-1', reportsToChain: unknownBoss });
    given([]).when(command).thenRefuses({ kind: 'not-found', code: 'reports-to-not-found' });
  });

  it('refuses reporting to an offboarded manager', () => {
    const command = onboard({ reportsTo: 'boss-1', reportsToChain: offboardedBoss });
    given([]).when(command).thenRefuses({ kind: 'conflict', code: 'reports-to-offboarded' });
  });

  it('refuses reporting to oneself', () => {
    given([]).when(onboard({ reportsTo: 'm-1' })).thenRefuses({ kind: 'conflict', code: 'reporting-cycle' });
  });
});

describe('commands on a manager that cannot take them', () => {
  const others: [string, ManagerCommand][] = [
    ['ChangeManagerRole', changeRole()],
    ['ChangeReportingLine', changeLine()],
    ['ChangeManagerCapacity', changeCapacity()],
    ['OffboardManager', offboard()],
  ];

  it.each(others)('%s on an unknown manager is refused as not found', (_, command) => {
    given([]).when(command).thenRefuses({ kind: 'not-found', code: 'manager-not-found' });
  });

  it.each(others)('%s on an offboarded manager is refused', (_, command) => {
    given([onboarded, offboarded]).when(command).thenRefuses({ kind: 'conflict', code: 'manager-offboarded' });
  });
});

describe('ChangeManagerRole', () => {
  it('records the new role and the previous one at effectiveFrom', () => {
    given([onboarded]).when(changeRole({ effectiveFrom: earlier })).then([
      {
        type: 'ManagerRoleChanged',
        data: { managerId: 'm-1', role: 'key_account_manager', previousRole: 'account_manager', occurredAt: earlier },
      },
    ]);
  });

  it('refuses the role the manager already has', () => {
    given([onboarded]).when(changeRole({ role: 'account_manager' })).thenRefuses({ kind: 'conflict', code: 'no-change' });
  });

  it('refuses an unknown role', () => {
    const command = changeRole({ role: 'boss' as ChangeManagerRole['role'] });
    given([onboarded]).when(command).thenRefuses({ kind: 'invalid', code: 'role-invalid', field: 'role' });
  });
});

describe('ChangeReportingLine', () => {
  it('records the new line and the previous one', () => {
    given([onboarded]).when(changeLine()).then([reportingLineChanged]);
  });

  it('records leaving the hierarchy (reportsTo null)', () => {
    given([onboarded, reportingLineChanged]).when(changeLine({ reportsTo: null, reportsToChain: null })).then([
      {
        type: 'ManagerReportingLineChanged',
        data: { managerId: 'm-1', reportsTo: null, previousReportsTo: 'boss-1', occurredAt: now },
      },
    ]);
  });

  it('refuses the line the manager already has', () => {
    given([onboarded, reportingLineChanged]).when(changeLine()).thenRefuses({ kind: 'conflict', code: 'no-change' });
  });

  it('refuses an unknown manager to report to', () => {
    given([onboarded]).when(changeLine({ reportsToChain: unknownBoss })).thenRefuses({
      kind: 'not-found',
      code: 'reports-to-not-found',
    });
  });

  it('refuses an offboarded manager to report to', () => {
    given([onboarded]).when(changeLine({ reportsToChain: offboardedBoss })).thenRefuses({
      kind: 'conflict',
      code: 'reports-to-offboarded',
    });
  });

  it('refuses reporting to oneself', () => {
    given([onboarded]).when(changeLine({ reportsTo: 'm-1' })).thenRefuses({ kind: 'conflict', code: 'reporting-cycle' });
  });

  it('refuses reporting to a manager who reports, indirectly, to this one', () => {
    const chain: ReportingChain = { manager: { managerId: 'boss-1', status: 'active' }, chainAbove: ['mid-1', 'm-1'] };
    given([onboarded]).when(changeLine({ reportsToChain: chain })).thenRefuses({ kind: 'conflict', code: 'reporting-cycle' });
  });
});

describe('ChangeManagerCapacity', () => {
  it('records the new capacity and the previous one', () => {
    given([onboarded]).when(changeCapacity()).then([
      { type: 'ManagerCapacityChanged', data: { managerId: 'm-1', capacity: 12, previousCapacity: 10, occurredAt: now } },
    ]);
  });

  it('records removing the capacity (null)', () => {
    given([onboarded]).when(changeCapacity({ capacity: null })).then([
      { type: 'ManagerCapacityChanged', data: { managerId: 'm-1', capacity: null, previousCapacity: 10, occurredAt: now } },
    ]);
  });

  it('refuses the capacity the manager already has', () => {
    given([onboarded]).when(changeCapacity({ capacity: 10 })).thenRefuses({ kind: 'conflict', code: 'no-change' });
  });

  it.each([-3, 0.5])('refuses a capacity of %p', (capacity) => {
    given([onboarded]).when(changeCapacity({ capacity })).thenRefuses({
      kind: 'invalid',
      code: 'capacity-invalid',
      field: 'capacity',
    });
  });
});

describe('OffboardManager', () => {
  const activeSuccessor = { successorId: 'm-2', successor: { managerId: 'm-2', status: 'active' as const } };

  it('records the offboarding of a manager without accounts and without successor', () => {
    given([onboarded]).when(offboard({ effectiveFrom: earlier })).then([
      { type: 'ManagerOffboarded', data: { managerId: 'm-1', reason: 'left the company', successorId: null, occurredAt: earlier } },
    ]);
  });

  it('records the successor of a manager who holds accounts', () => {
    given([onboarded]).when(offboard({ ...activeSuccessor, accountsHeld: 3 })).then([
      { type: 'ManagerOffboarded', data: { managerId: 'm-1', reason: 'left the company', successorId: 'm-2', occurredAt: now } },
    ]);
  });

  it('refuses a manager who holds accounts without a successor', () => {
    given([onboarded]).when(offboard({ accountsHeld: 1 })).thenRefuses({ kind: 'conflict', code: 'successor-required' });
  });

  it('refuses an unknown successor', () => {
    given([onboarded]).when(offboard({ successorId: 'm-9', accountsHeld: 1 })).thenRefuses({
      kind: 'not-found',
      code: 'successor-not-found',
    });
  });

  it('refuses an offboarded successor', () => {
    const successor = { managerId: 'm-2', status: 'offboarded' as const };
    given([onboarded]).when(offboard({ successorId: 'm-2', successor, accountsHeld: 1 })).thenRefuses({
      kind: 'conflict',
      code: 'successor-offboarded',
    });
  });

  it('refuses the manager as their own successor', () => {
    const self = { successorId: 'm-1', successor: { managerId: 'm-1', status: 'active' as const } };
    given([onboarded]).when(offboard(self)).thenRefuses({ kind: 'conflict', code: 'successor-is-self' });
  });

  it('refuses a blank reason', () => {
    given([onboarded]).when(offboard({ reason: '' })).thenRefuses({ kind: 'invalid', code: 'reason-required', field: 'reason' });
  });
});
