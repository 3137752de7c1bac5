import { Body, Controller, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandContext, newEntityId } from '@ledger/decider';
import { ApiCommandResponses, CommandMeta, EntityIdPipe, EtagInterceptor, IdempotencyInterceptor, Roles } from '@ledger/http-kit';
import { ChangeManagerCapacity } from './commands/change-manager-capacity.command';
import { ChangeManagerRole } from './commands/change-manager-role.command';
import { ChangeReportingLine } from './commands/change-reporting-line.command';
import { OnboardManager } from './commands/onboard-manager.command';
import {
  ChangeManagerCapacityRequest,
  ChangeManagerRoleRequest,
  ChangeReportingLineRequest,
  OnboardManagerRequest,
} from './managers.requests';
import { managerWritten, ManagerWritten } from './managers.responses';

@ApiTags('managers')
@Roles('service')
@UseInterceptors(IdempotencyInterceptor, EtagInterceptor)
@Controller('managers')
export class ManagersController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiCommandResponses(ManagerWritten, 201)
  @ApiOperation({ summary: 'Onboard a manager (ManagerOnboarded)' })
  async onboard(@Body() request: OnboardManagerRequest, @CommandMeta() context: CommandContext): Promise<ManagerWritten> {
    const managerId = request.managerId ?? newEntityId('manager', context);
    return managerWritten(managerId, await this.commands.execute(new OnboardManager(managerId, request, context)));
  }

  @Post(':id/role')
  @ApiCommandResponses(ManagerWritten, 200)
  @HttpCode(200)
  @ApiOperation({ summary: "Change a manager's role (ManagerRoleChanged)" })
  async changeRole(
    @Param('id', EntityIdPipe) managerId: string,
    @Body() request: ChangeManagerRoleRequest,
    @CommandMeta() context: CommandContext,
  ): Promise<ManagerWritten> {
    return managerWritten(managerId, await this.commands.execute(new ChangeManagerRole(managerId, request, context)));
  }

  @Post(':id/reporting-line')
  @ApiCommandResponses(ManagerWritten, 200)
  @HttpCode(200)
  @ApiOperation({ summary: 'Change whom a manager reports to (ManagerReportingLineChanged)' })
  async changeReportingLine(
    @Param('id', EntityIdPipe) managerId: string,
    @Body() request: ChangeReportingLineRequest,
    @CommandMeta() context: CommandContext,
  ): Promise<ManagerWritten> {
    return managerWritten(managerId, await this.commands.execute(new ChangeReportingLine(managerId, request, context)));
  }

  @Post(':id/capacity')
  @ApiCommandResponses(ManagerWritten, 200)
  @HttpCode(200)
  @ApiOperation({ summary: "Change a manager's capacity (ManagerCapacityChanged)" })
  async changeCapacity(
    @Param('id', EntityIdPipe) managerId: string,
    @Body() request: ChangeManagerCapacityRequest,
    @CommandMeta() context: CommandContext,
  ): Promise<ManagerWritten> {
    return managerWritten(managerId, await this.commands.execute(new ChangeManagerCapacity(managerId, request, context)));
  }
}
