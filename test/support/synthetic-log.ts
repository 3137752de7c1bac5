import { randomUUID } from 'node:crypto';
import type { EventStore, EventToAppend, JsonObject } from '@ledger/event-store';
import { NewStreamsWriter } from './new-streams-writer';
import { seededRandom } from './seeded-random';

/** Shape of a generated log; the defaults make about 100,000 events. */
export interface SyntheticLogOptions {
  readonly managers?: number;
  readonly accounts?: number;
  readonly dealsPerAccount?: number;
  readonly seed?: number;
}

const REGIONS = ['Central', 'East', 'West'];
const SECTORS = ['retail', 'software', 'medical', 'finance'];
const metadata: JsonObject = { actor: { role: 'service', keyId: 'synthetic' }, correlationId: 'synthetic', causationId: 'synthetic' };

const event = (type: string, data: JsonObject): EventToAppend => ({ id: randomUUID(), type, data, metadata });
const day = (index: number) => new Date(Date.UTC(2017, 0, 1) + index * 86_400_000).toISOString();

/**
 * Writes a realistic log through the store's own append: managers, accounts with
 * assignments, reassignments and effective-dated key designations, and deals opened and closed.
 * Returns the number of events written.
 */
export async function writeSyntheticLog(store: EventStore, options: SyntheticLogOptions = {}): Promise<number> {
  const { managers = 50, accounts = 2000, dealsPerAccount = 23, seed = 1 } = options;
  // The same seed writes the same business facts.
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  const writer = new NewStreamsWriter(store);
  const append = (stream: string, events: EventToAppend[]) => writer.append(stream, events);
  const managerIds = Array.from({ length: managers }, (_, index) => `m${index}`);
  for (const [index, managerId] of managerIds.entries()) {
    await append(`manager-${managerId}`, [event('ManagerOnboarded', {
      managerId, name: `Manager ${index}`, role: 'account_manager', territory: pick(REGIONS),
      reportsTo: index === 0 ? null : managerIds[Math.floor(index / 5)], capacity: 40, email: null, occurredAt: day(0),
    })]);
  }
  for (let index = 0; index < accounts; index++) {
    const accountId = `a${index}`;
    const owner = pick(managerIds);
    const history = [
      event('AccountOpened', {
        accountId, name: `Account ${index}`, sector: pick(SECTORS), region: pick(REGIONS), country: 'United States',
        parentAccountId: null, annualRevenueMinor: null, currency: null, employees: null, occurredAt: day(0),
      }),
      event('AccountAssigned', { accountId, managerId: owner, occurredAt: day(1) }),
    ];
    if (next() < 0.2) history.push(event('AccountDesignatedKey', { accountId, reason: null, occurredAt: day(Math.floor(next() * 200)) }));
    if (next() < 0.1) {
      history.push(event('ManagerReassigned', { accountId, fromManagerId: owner, toManagerId: pick(managerIds.filter((id) => id !== owner)), reason: 'Rebalance', occurredAt: day(100) }));
    }
    await append(`account-${accountId}`, history);
    for (let deal = 0; deal < dealsPerAccount; deal++) {
      const dealId = `d${index}-${deal}`;
      const openedAt = day(Math.floor(next() * 300));
      const deals = [event('DealOpened', { dealId, accountId, managerId: owner, product: 'GTX Pro', expectedAmountMinor: null, currency: 'USD', openedAt, occurredAt: openedAt })];
      if (next() < 0.9) {
        const outcome = next() < 0.6 ? 'won' : 'lost';
        const closedAt = day(300 + Math.floor(next() * 60));
        deals.push(event('DealClosed', {
          dealId, accountId, managerId: owner, outcome, amountMinor: outcome === 'won' ? Math.floor(next() * 1_000_000) : 0,
          currency: 'USD', closedAt, occurredAt: closedAt,
        }));
      }
      await append(`deal-${dealId}`, deals);
    }
  }
  await writer.settle();
  return writer.written;
}
