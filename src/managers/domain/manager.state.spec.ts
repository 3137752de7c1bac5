import { replay } from '@ledger/decider';
import { ManagerEvent, isManagerEvent, managerStream, MANAGER_EVENT_TYPES } from './manager.events';
import { initialManagerState, evolve, managerFacts } from './manager.state';

const onboarded: ManagerEvent = {
  type: 'ManagerOnboarded',
  data: {
    managerId: 'm-1',
    name: 'Ada Byron',
    role: 'account_manager',
    territory: 'Central',
    reportsTo: null,
    capacity: null,
    email: null,
    occurredAt: '2024-01-01T00:00:00.000Z',
  },
};
const offboarded: ManagerEvent = {
  type: 'ManagerOffboarded',
  data: { managerId: 'm-1', reason: 'left', successorId: 'm-2', occurredAt: '2024-03-01T00:00:00.000Z' },
};
const fold = (events: ManagerEvent[]) => replay({ initialState: initialManagerState, evolve }, events);

describe('managerFacts', () => {
  it('is null for a manager never onboarded', () => {
    expect(managerFacts(fold([]))).toBeNull();
  });

  it('says active after onboarding', () => {
    expect(managerFacts(fold([onboarded]))).toEqual({ managerId: 'm-1', status: 'active' });
  });

  it('says offboarded after offboarding', () => {
    expect(managerFacts(fold([onboarded, offboarded]))).toEqual({ managerId: 'm-1', status: 'offboarded' });
  });
});

describe('evolve', () => {
  it('keeps the successor and the date of an offboarding', () => {
    expect(fold([onboarded, offboarded])).toMatchObject({ successorId: 'm-2', offboardedAt: '2024-03-01T00:00:00.000Z' });
  });
});

describe('manager events', () => {
  it('live in the stream manager-<id>', () => {
    expect(managerStream('m-1')).toBe('manager-m-1');
  });

  it('recognises every manager event type', () => {
    expect(MANAGER_EVENT_TYPES.every((type) => isManagerEvent({ type }))).toBe(true);
  });

  it('rejects a type from another aggregate', () => {
    expect(isManagerEvent({ type: 'AccountOpened' })).toBe(false);
  });
});
