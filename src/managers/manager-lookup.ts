import { Inject, Injectable } from '@nestjs/common';
import { loadState } from '@ledger/decider';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { managerDecider, ReportingChain } from './domain/manager.decide';
import { managerStream } from './domain/manager.events';
import { ManagerFacts, managerFacts, ManagerState } from './domain/manager.state';

/** Reporting lines deeper than this are refused as a cycle guard of last resort. */
const MAX_REPORTING_DEPTH = 64;

/** Reads managers' streams for the facts other commands need (exists? active? who is above?). */
@Injectable()
export class ManagerLookup {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  state(managerId: string): Promise<ManagerState> {
    return loadState(this.store, managerDecider, managerStream(managerId));
  }

  async facts(managerId: string): Promise<ManagerFacts | null> {
    return managerFacts(await this.state(managerId));
  }

  /** The manager `reportsTo` names, and every id above it, walking up the reporting line. */
  async reportingChain(reportsTo: string | null): Promise<ReportingChain | null> {
    if (reportsTo === null) return null;
    const target = await this.state(reportsTo);
    const chainAbove: string[] = [];
    let next = target.status === 'unonboarded' ? null : target.reportsTo;
    while (next !== null && !chainAbove.includes(next) && chainAbove.length < MAX_REPORTING_DEPTH) {
      chainAbove.push(next);
      const above = await this.state(next);
      next = above.status === 'unonboarded' ? null : above.reportsTo;
    }
    return { manager: managerFacts(target), chainAbove };
  }
}
