import { Inject, Injectable } from '@nestjs/common';
import { loadState } from '@ledger/decider';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { accountDecider } from './domain/account.decide';
import { accountStream } from './domain/account.events';
import { AccountFacts, accountFacts, AccountState } from './domain/account.state';

/** Reads accounts' streams for the facts other commands need (exists? open?). */
@Injectable()
export class AccountLookup {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  state(accountId: string): Promise<AccountState> {
    return loadState(this.store, accountDecider, accountStream(accountId));
  }

  async facts(accountId: string): Promise<AccountFacts | null> {
    return accountFacts(await this.state(accountId));
  }
}
