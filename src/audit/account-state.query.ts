import { replay } from '@ledger/decider';
import type { RecordedEvent } from '@ledger/event-store';
import { accountDecider } from '../accounts/domain/account.decide';
import type { AccountEvent } from '../accounts/domain/account.events';
import { accountTier } from '../accounts/domain/account.state';

export interface StateMoment {
  /** Business time: what was true then, by what we know now (events' `occurredAt`). */
  readonly asOf?: string;
  /** Record time: what we knew then (events' `recordedAt`). */
  readonly asKnownAt?: string;
}

export interface AccountStateAt {
  accountId: string;
  asOf: string | null;
  asKnownAt: string | null;
  status: 'unopened' | 'open' | 'closed';
  name: string | null;
  sector: string | null;
  region: string | null;
  country: string | null;
  parentAccountId: string | null;
  managerId: string | null;
  tier: 'key' | 'standard' | null;
  keySince: string | null;
  /** Revision of the last event taken into account, -1 when none was. */
  revision: number;
  eventsApplied: number;
}

const at = (value: string | undefined) => (value === undefined ? undefined : Date.parse(value));

/**
 * The account rebuilt from its own events, keeping only those in force at `asOf` and known at
 * `asKnownAt`. After a backdated change the two differ: the change is true from its effective
 * date, but was only known from when it was recorded.
 */
export function accountStateAt(accountId: string, events: readonly RecordedEvent[], moment: StateMoment): AccountStateAt {
  const asOf = at(moment.asOf);
  const asKnownAt = at(moment.asKnownAt);
  const applied = events.filter((event) => {
    const occurredAt = Date.parse(String(event.data.occurredAt));
    return (asOf === undefined || occurredAt <= asOf) && (asKnownAt === undefined || event.recordedAt.getTime() <= asKnownAt);
  });
  const state = replay(accountDecider, applied as unknown as AccountEvent[]);
  const base = { accountId, asOf: moment.asOf ?? null, asKnownAt: moment.asKnownAt ?? null, revision: applied.at(-1)?.revision ?? -1, eventsApplied: applied.length };
  if (state.status === 'unopened') {
    return { ...base, status: 'unopened', name: null, sector: null, region: null, country: null, parentAccountId: null, managerId: null, tier: null, keySince: null };
  }
  return {
    ...base,
    status: state.status,
    name: state.name,
    sector: state.sector,
    region: state.region,
    country: state.country,
    parentAccountId: state.parentAccountId,
    managerId: state.managerId,
    tier: accountTier(state),
    keySince: state.keySince,
  };
}
