import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ManagersModule } from '../managers/managers.module';
import { CloseDealHandler } from './commands/close-deal.command';
import { OpenDealHandler } from './commands/open-deal.command';
import { DealsController } from './deals.controller';

@Module({
  imports: [AccountsModule, ManagersModule],
  controllers: [DealsController],
  providers: [OpenDealHandler, CloseDealHandler],
})
export class DealsModule {}
