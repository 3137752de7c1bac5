import { randomUUID } from 'node:crypto';
import type { EventStore, EventToAppend, JsonObject } from '@ledger/event-store';
import { NewStreamsWriter } from '../../support/new-streams-writer';

/**
 * What the benchmark prepares through the store's own appends (the fast path: no HTTP, no
 * handlers), with the events' shapes as the commands write them and hash-chained as they are.
 */
export interface WorldSize {
  readonly managers: number;
  readonly accounts: number;
  /** Deals opened on each account and left open, for the mix to close. */
  readonly openDealsPerAccount: number;
  /** Accounts with 10 events, and accounts with `longHistory` events (plus deals), for the history measure. */
  readonly shortHistories: number;
  readonly longHistories: number;
  readonly longHistory: number;
}

/** An account as the clients track it, to send only commands the domain accepts. */
export interface TrackedAccount {
  readonly id: string;
  manager: string;
  isKey: boolean;
}

type Append = (stream: string, events: EventToAppend[]) => Promise<void>;

/** What the clients know of the world, to send only commands the domain accepts. */
export interface World {
  readonly managers: string[];
  readonly accounts: TrackedAccount[];
  readonly openDeals: string[];
  readonly shortHistories: TrackedAccount[];
  readonly longHistories: TrackedAccount[];
  events: number;
}

const metadata: JsonObject = { actor: { role: 'service', keyId: 'bench-world' }, correlationId: 'bench-world', causationId: 'bench-world', idempotencyKey: null };
const DAY0 = Date.UTC(2017, 0, 1);
const day = (index: number) => new Date(DAY0 + index * 86_400_000).toISOString();
const event = (type: string, data: JsonObject): EventToAppend => ({ id: randomUUID(), type, data, metadata: { ...metadata, occurredAt: data.occurredAt } });

export async function writeWorld(store: EventStore, size: WorldSize): Promise<World> {
  const world: World = { managers: [], accounts: [], openDeals: [], shortHistories: [], longHistories: [], events: 0 };
  const writer = new NewStreamsWriter(store);
  const append: Append = (stream, events) => writer.append(stream, events);
  for (let index = 0; index < size.managers; index++) {
    const managerId = `bm${index}`;
    world.managers.push(managerId);
    await append(`manager-${managerId}`, [event('ManagerOnboarded', {
      managerId, name: `Manager ${index}`, role: 'account_manager', territory: ['Central', 'East', 'West'][index % 3],
      reportsTo: null, capacity: 40, email: null, occurredAt: day(0),
    })]);
  }
  for (let index = 0; index < size.accounts; index++) {
    const account = { id: `ba${index}`, manager: world.managers[index % world.managers.length], isKey: index % 5 === 0 };
    world.accounts.push(account);
    const history = [opened(account.id, index), assigned(account.id, account.manager)];
    if (account.isKey) history.push(event('AccountDesignatedKey', { accountId: account.id, reason: null, occurredAt: day(2) }));
    await append(`account-${account.id}`, history);
    for (let deal = 0; deal < size.openDealsPerAccount; deal++) {
      const dealId = `bd${index}-${deal}`;
      world.openDeals.push(dealId);
      await append(`deal-${dealId}`, [dealOpened(dealId, account.id, account.manager)]);
    }
  }
  for (let index = 0; index < size.shortHistories; index++) world.shortHistories.push(await writeHistory(append, `hs${index}`, 10, world.managers));
  for (let index = 0; index < size.longHistories; index++) world.longHistories.push(await writeHistory(append, `hl${index}`, size.longHistory, world.managers));
  await writer.settle();
  world.events = writer.written;
  return world;
}

/** An account whose own stream has `length` events (reassignments and key toggles in turn), with 20 won deals. */
async function writeHistory(append: Append, accountId: string, length: number, managers: string[]): Promise<TrackedAccount> {
  const account = { id: accountId, manager: managers[0], isKey: false };
  const events = [opened(accountId, 0), assigned(accountId, account.manager)];
  while (events.length < length) {
    const occurredAt = day(3);
    if (events.length % 3 === 2) {
      const toManagerId = managers[(managers.indexOf(account.manager) + 1) % managers.length];
      events.push(event('ManagerReassigned', { accountId, fromManagerId: account.manager, toManagerId, reason: 'Rebalance', occurredAt }));
      account.manager = toManagerId;
    } else {
      events.push(event(account.isKey ? 'KeyAccountDesignationRevoked' : 'AccountDesignatedKey', { accountId, reason: null, occurredAt }));
      account.isKey = !account.isKey;
    }
  }
  await append(`account-${accountId}`, events);
  for (let deal = 0; deal < 20; deal++) {
    const dealId = `${accountId}-d${deal}`;
    await append(`deal-${dealId}`, [dealOpened(dealId, accountId, account.manager), event('DealClosed', {
      dealId, accountId, managerId: account.manager, outcome: 'won', amountMinor: 100_000, currency: 'USD', closedAt: day(30), occurredAt: day(30),
    })]);
  }
  return account;
}

function opened(accountId: string, index: number): EventToAppend {
  return event('AccountOpened', {
    accountId, name: `Account ${accountId}`, sector: ['retail', 'software', 'medical'][index % 3], region: ['Central', 'East', 'West'][index % 3],
    country: 'United States', parentAccountId: null, annualRevenueMinor: null, currency: null, employees: null, occurredAt: day(0),
  });
}

function assigned(accountId: string, managerId: string): EventToAppend {
  return event('AccountAssigned', { accountId, managerId, occurredAt: day(1) });
}

function dealOpened(dealId: string, accountId: string, managerId: string): EventToAppend {
  return event('DealOpened', { dealId, accountId, managerId, product: 'GTX Pro', expectedAmountMinor: null, currency: 'USD', openedAt: day(5), occurredAt: day(5) });
}
