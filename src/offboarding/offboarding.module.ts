import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { ProjectionSupervisor } from '@ledger/projections';
import { ManagerLookup } from '../managers/manager-lookup';
import { AccountsModule } from '../accounts/accounts.module';
import { ManagersModule } from '../managers/managers.module';
import { OffboardManagerHandler } from './offboard-manager.command';
import { OffboardingController } from './offboarding.controller';
import { OffboardingProcess } from './offboarding.process';

/** Offboarding spans managers and accounts: the command, and the hand-over process driven by the log. */
@Module({
  imports: [ManagersModule, AccountsModule],
  controllers: [OffboardingController],
  providers: [OffboardManagerHandler],
})
export class OffboardingModule implements OnModuleInit {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionSupervisor,
    private readonly commands: CommandBus,
    private readonly managers: ManagerLookup,
  ) {}

  onModuleInit(): void {
    this.projections.registerReactor(new OffboardingProcess(this.store, this.projections, this.commands, this.managers));
  }
}
