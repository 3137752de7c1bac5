import { Body, Controller, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandContext, newEntityId } from '@ledger/decider';
import { ApiCommandResponses, CommandMeta, EntityIdPipe, EtagInterceptor, IdempotencyInterceptor, Roles } from '@ledger/http-kit';
import { CloseDeal } from './commands/close-deal.command';
import { OpenDeal } from './commands/open-deal.command';
import { CloseDealRequest, OpenDealRequest } from './deals.requests';
import { dealWritten, DealWritten } from './deals.responses';

@ApiTags('deals')
@Roles('service')
@UseInterceptors(IdempotencyInterceptor, EtagInterceptor)
@Controller('deals')
export class DealsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiCommandResponses(DealWritten, 201)
  @ApiOperation({ summary: 'Open a deal on an account, credited to a manager (DealOpened)' })
  async open(@Body() request: OpenDealRequest, @CommandMeta() context: CommandContext): Promise<DealWritten> {
    const dealId = request.dealId ?? newEntityId('deal', context);
    return dealWritten(dealId, await this.commands.execute(new OpenDeal(dealId, request, context)));
  }

  @Post(':id/closure')
  @ApiCommandResponses(DealWritten, 200)
  @HttpCode(200)
  @ApiOperation({ summary: 'Close a deal as won or lost (DealClosed)' })
  async close(
    @Param('id', EntityIdPipe) dealId: string,
    @Body() request: CloseDealRequest,
    @CommandMeta() context: CommandContext,
  ): Promise<DealWritten> {
    return dealWritten(dealId, await this.commands.execute(new CloseDeal(dealId, request, context)));
  }
}
