import { Body, Controller, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandContext } from '@ledger/decider';
import { ApiCommandResponses, CommandMeta, EntityIdPipe, EtagInterceptor, IdempotencyInterceptor, Roles } from '@ledger/http-kit';
import { OffboardManagerRequest } from '../managers/managers.requests';
import { managerWritten, ManagerWritten } from '../managers/managers.responses';
import { OffboardManager } from './offboard-manager.command';

@ApiTags('managers')
@Roles('service')
@UseInterceptors(IdempotencyInterceptor, EtagInterceptor)
@Controller('managers')
export class OffboardingController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/offboarding')
  @ApiCommandResponses(ManagerWritten, 200)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Offboard a manager (ManagerOffboarded)',
    description: 'With a successorId, every account the manager holds is then reassigned to the successor by a durable process.',
  })
  async offboard(
    @Param('id', EntityIdPipe) managerId: string,
    @Body() request: OffboardManagerRequest,
    @CommandMeta() context: CommandContext,
  ): Promise<ManagerWritten> {
    return managerWritten(managerId, await this.commands.execute(new OffboardManager(managerId, request, context)));
  }
}
