import { Body, Controller, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandContext, newEntityId } from '@ledger/decider';
import { ApiCommandResponses, CommandMeta, EntityIdPipe, EtagInterceptor, IdempotencyInterceptor, Roles } from '@ledger/http-kit';
import {
  AssignAccountRequest,
  CloseAccountRequest,
  KeyDesignationRequest,
  OpenAccountRequest,
  ReassignAccountRequest,
} from './accounts.requests';
import { accountWritten, AccountWritten } from './accounts.responses';
import { AssignAccount } from './commands/assign-account.command';
import { CloseAccount } from './commands/close-account.command';
import { DesignateKeyAccount } from './commands/designate-key-account.command';
import { OpenAccount } from './commands/open-account.command';
import { ReassignAccount } from './commands/reassign-account.command';
import { RevokeKeyAccountDesignation } from './commands/revoke-key-account-designation.command';

@ApiTags('accounts')
@Roles('service')
@UseInterceptors(IdempotencyInterceptor, EtagInterceptor)
@Controller('accounts')
export class AccountsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiCommandResponses(AccountWritten, 201)
  @ApiOperation({ summary: 'Open an account (AccountOpened)' })
  async open(@Body() request: OpenAccountRequest, @CommandMeta() context: CommandContext): Promise<AccountWritten> {
    const accountId = request.accountId ?? newEntityId('account', context);
    return accountWritten(accountId, await this.commands.execute(new OpenAccount(accountId, request, context)));
  }

  @Post(':id/assignment')
  @ApiCommandResponses(AccountWritten, 200)
  @HttpCode(200)
  @ApiOperation({ summary: 'Assign an unassigned account to its first manager (AccountAssigned)' })
  async assign(
    @Param('id', EntityIdPipe) accountId: string,
    @Body() request: AssignAccountRequest,
    @CommandMeta() context: CommandContext,
  ): Promise<AccountWritten> {
    return accountWritten(accountId, await this.commands.execute(new AssignAccount(accountId, request, context)));
  }

  @Post(':id/reassignment')
  @ApiCommandResponses(AccountWritten, 200)
  @HttpCode(200)
  @ApiOperation({ summary: 'Move an account to another manager (ManagerReassigned)' })
  async reassign(
    @Param('id', EntityIdPipe) accountId: string,
    @Body() request: ReassignAccountRequest,
    @CommandMeta() context: CommandContext,
  ): Promise<AccountWritten> {
    return accountWritten(accountId, await this.commands.execute(new ReassignAccount(accountId, request, context)));
  }

  @Post(':id/key-designation')
  @ApiCommandResponses(AccountWritten, 200)
  @HttpCode(200)
  @ApiOperation({ summary: 'Designate a key account, possibly from a past date (AccountDesignatedKey)' })
  async designateKey(
    @Param('id', EntityIdPipe) accountId: string,
    @Body() request: KeyDesignationRequest,
    @CommandMeta() context: CommandContext,
  ): Promise<AccountWritten> {
    return accountWritten(accountId, await this.commands.execute(new DesignateKeyAccount(accountId, request, context)));
  }

  @Post(':id/key-designation/revocation')
  @ApiCommandResponses(AccountWritten, 200)
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a key-account designation (KeyAccountDesignationRevoked)' })
  async revokeKey(
    @Param('id', EntityIdPipe) accountId: string,
    @Body() request: KeyDesignationRequest,
    @CommandMeta() context: CommandContext,
  ): Promise<AccountWritten> {
    return accountWritten(accountId, await this.commands.execute(new RevokeKeyAccountDesignation(accountId, request, context)));
  }

  @Post(':id/closure')
  @ApiCommandResponses(AccountWritten, 200)
  @HttpCode(200)
  @ApiOperation({ summary: 'Close an account; it takes no further commands (AccountClosed)' })
  async close(
    @Param('id', EntityIdPipe) accountId: string,
    @Body() request: CloseAccountRequest,
    @CommandMeta() context: CommandContext,
  ): Promise<AccountWritten> {
    return accountWritten(accountId, await this.commands.execute(new CloseAccount(accountId, request, context)));
  }
}
