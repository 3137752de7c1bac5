import { Module } from '@nestjs/common';
import { ManagersModule } from '../managers/managers.module';
import { AccountLookup } from './account-lookup';
import { AccountsController } from './accounts.controller';
import { AssignAccountHandler } from './commands/assign-account.command';
import { CloseAccountHandler } from './commands/close-account.command';
import { DesignateKeyAccountHandler } from './commands/designate-key-account.command';
import { OpenAccountHandler } from './commands/open-account.command';
import { ReassignAccountHandler } from './commands/reassign-account.command';
import { RevokeKeyAccountDesignationHandler } from './commands/revoke-key-account-designation.command';

@Module({
  imports: [ManagersModule],
  controllers: [AccountsController],
  providers: [
    AccountLookup,
    OpenAccountHandler,
    AssignAccountHandler,
    ReassignAccountHandler,
    DesignateKeyAccountHandler,
    RevokeKeyAccountDesignationHandler,
    CloseAccountHandler,
  ],
  exports: [AccountLookup],
})
export class AccountsModule {}
