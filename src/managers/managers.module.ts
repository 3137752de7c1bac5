import { Module } from '@nestjs/common';
import { ChangeManagerCapacityHandler } from './commands/change-manager-capacity.command';
import { ChangeManagerRoleHandler } from './commands/change-manager-role.command';
import { ChangeReportingLineHandler } from './commands/change-reporting-line.command';
import { OnboardManagerHandler } from './commands/onboard-manager.command';
import { ManagerLookup } from './manager-lookup';
import { ManagersController } from './managers.controller';

@Module({
  controllers: [ManagersController],
  providers: [
    ManagerLookup,
    OnboardManagerHandler,
    ChangeManagerRoleHandler,
    ChangeReportingLineHandler,
    ChangeManagerCapacityHandler,
  ],
  exports: [ManagerLookup],
})
export class ManagersModule {}
