import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Database } from 'better-sqlite3';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { ProjectionRunner } from '@ledger/projections';
import { ManagerLookup } from '../managers/manager-lookup';
import { READ_DATABASE } from '../storage.module';
import { accountHoldingsProjection } from './account-holdings.projection';
import { OffboardingProcess } from './offboarding.process';

/** Runs the holdings read model and the offboarding process while the service runs. */
@Injectable()
export class OffboardingRunners implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly holdings: ProjectionRunner;
  readonly process: ProjectionRunner;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_DATABASE) db: Database,
    commands: CommandBus,
    managers: ManagerLookup,
  ) {
    this.holdings = new ProjectionRunner(store, db, accountHoldingsProjection);
    this.process = new ProjectionRunner(store, db, new OffboardingProcess(store, db, commands, managers, this.holdings));
  }

  onApplicationBootstrap(): void {
    this.holdings.start();
    this.process.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.process.stop(), this.holdings.stop()]);
  }
}
