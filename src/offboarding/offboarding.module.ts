import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ManagersModule } from '../managers/managers.module';
import { OffboardManagerHandler } from './offboard-manager.command';
import { OffboardingController } from './offboarding.controller';
import { OffboardingRunners } from './offboarding.runners';

/** Offboarding spans managers and accounts: the command, the holdings it reads, the hand-over process. */
@Module({
  imports: [ManagersModule, AccountsModule],
  controllers: [OffboardingController],
  providers: [OffboardManagerHandler, OffboardingRunners],
  exports: [OffboardingRunners],
})
export class OffboardingModule {}
