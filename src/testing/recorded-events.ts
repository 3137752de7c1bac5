import type { JsonObject, RecordedEvent } from '@ledger/event-store';
import type { RecordingLog } from '@ledger/projections/testing/read-model-fixture';
import { type AccountEvent, type AccountEventType, type AccountOpened, accountStream } from '../accounts/domain/account.events';
import { type DealClosed, type DealOpened, dealStream } from '../deals/domain/deal.events';
import { type ManagerEvent, type ManagerEventType, type ManagerOnboarded, managerStream } from '../managers/domain/manager.events';

type DataOf<E extends { type: string; data: object }, T extends E['type']> = Extract<E, { type: T }>['data'];
type Fields<Data, Id extends keyof Data> = Omit<Data, Id | 'occurredAt'> & { occurredAt?: string };
type DealOpenedFields = Pick<DealOpened['data'], 'accountId' | 'managerId'> & Partial<Omit<DealOpened['data'], 'dealId'>>;
type DealClosedFields = Omit<DealClosed['data'], 'dealId' | 'currency' | 'occurredAt'> & Partial<Pick<DealClosed['data'], 'currency' | 'occurredAt'>>;

/**
 * Builders of domain events recorded on `log`, in the order they are called; `occurredAt` is the time of
 * every event not given one. `accountOpened(id, fields?)` and `managerOnboarded(id, fields?)` build the full
 * opening (`Account <id>` or `Manager <id>`, an account_manager in North, every other field `null`), any
 * field overridable; `account(id, type, data)` and `manager(id, type, data)` build any other event of
 * that stream; `dealOpened(id, fields)` opens a USD deal with no product or expected amount at
 * `occurredAt`; `dealClosed(id, fields)` closes one, in USD unless told, occurring when it closed.
 */
export function eventsOn(log: RecordingLog, occurredAt: string) {
  const record = (stream: string, type: string, data: object): RecordedEvent => log.record(stream, type, data as JsonObject);
  return {
    accountOpened: (accountId: string, fields: Partial<Omit<AccountOpened['data'], 'accountId'>> = {}) =>
      record(accountStream(accountId), 'AccountOpened', {
        accountId, name: `Account ${accountId}`, sector: null, region: null, country: null, parentAccountId: null,
        annualRevenueMinor: null, currency: null, employees: null, occurredAt, ...fields,
      } satisfies AccountOpened['data']),
    account: <T extends AccountEventType>(accountId: string, type: T, data: Fields<DataOf<AccountEvent, T>, 'accountId'>) =>
      record(accountStream(accountId), type, { accountId, ...data, occurredAt: data.occurredAt ?? occurredAt }),
    managerOnboarded: (managerId: string, fields: Partial<Omit<ManagerOnboarded['data'], 'managerId'>> = {}) =>
      record(managerStream(managerId), 'ManagerOnboarded', {
        managerId, name: `Manager ${managerId}`, role: 'account_manager', territory: 'North', reportsTo: null, capacity: null,
        email: null, occurredAt, ...fields,
      } satisfies ManagerOnboarded['data']),
    manager: <T extends ManagerEventType>(managerId: string, type: T, data: Fields<DataOf<ManagerEvent, T>, 'managerId'>) =>
      record(managerStream(managerId), type, { managerId, ...data, occurredAt: data.occurredAt ?? occurredAt }),
    dealOpened: (dealId: string, { accountId, managerId, occurredAt: at = occurredAt, ...rest }: DealOpenedFields) =>
      record(dealStream(dealId), 'DealOpened', {
        dealId, accountId, managerId, product: null, expectedAmountMinor: null, currency: 'USD', openedAt: at, occurredAt: at, ...rest,
      } satisfies DealOpened['data']),
    dealClosed: (dealId: string, { accountId, managerId, outcome, amountMinor, currency = 'USD', closedAt, occurredAt: at = closedAt }: DealClosedFields) =>
      record(dealStream(dealId), 'DealClosed', {
        dealId, accountId, managerId, outcome, amountMinor, currency, closedAt, occurredAt: at,
      } satisfies DealClosed['data']),
  };
}
