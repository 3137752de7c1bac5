import { Body, Controller, Get, HttpCode, Module, Post, Query } from '@nestjs/common';
import { IsCleanText, IsEntityId, Roles } from '@ledger/http-kit';
import { ProjectionSupervisor } from '@ledger/projections';
import { READ_MODELS } from '../../../src/read-model-catalog';

/** The body of a reassignment, validated by class-validator as the command's DTO is. */
class BareRequest {
  @IsEntityId()
  toManagerId: string;

  @IsCleanText(500)
  reason: string;
}

/**
 * Added to the app by the benchmark only (AppOptions.extraModules). `bare` is the reference the
 * command rate is measured beside: the same app, keys, guards, pipes and logs, and no command.
 * `visible` answers once every read model has applied a position: how freshness is timed.
 */
@Roles('service')
@Controller('bench')
class BenchController {
  constructor(private readonly supervisor: ProjectionSupervisor) {}

  @Post('bare')
  @HttpCode(200)
  bare(@Body() request: BareRequest): { toManagerId: string; revision: number; position: string } {
    return { toManagerId: request.toManagerId, revision: 0, position: '0' };
  }

  @Get('visible')
  async visible(@Query('position') position: string): Promise<{ visible: boolean }> {
    const waits = READ_MODELS.map(({ name }) => this.supervisor.waitFor(name, BigInt(position), 5000));
    return { visible: (await Promise.all(waits)).every(Boolean) };
  }
}

@Module({ controllers: [BenchController] })
export class BenchModule {}
