import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '@ledger/http-kit';
import { NotReadyProblem, Readiness, ReadinessReport } from './readiness';

@ApiTags('operations')
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: Readiness) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'The event store and the read store answer: the instance can take traffic (200 ok or degraded, else 503)' })
  @ApiResponse({ status: 200, description: '`ok`, or `degraded` when a projection has failed (commands still work)' })
  @ApiResponse({ status: 503, description: 'A store does not answer; `checks` says which' })
  async ready(): Promise<ReadinessReport> {
    const report = await this.readiness.report();
    if (report.status === 'unavailable') throw new NotReadyProblem(report);
    return report;
  }
}
