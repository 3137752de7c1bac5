import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { ApiQueryResponses, Roles } from '@ledger/http-kit';
import { ProjectionSupervisor } from '@ledger/projections';
import { READ_MODELS } from '../read-model-catalog';
import { freshnessReport } from './read-model-freshness.query';
import { FreshnessResponse } from './read-model-freshness.responses';

/**
 * How fresh the analysts' figures are. `GET /admin/projections` says the same and more, but is
 * the operators' (admin only); analysts and auditors need to know what their figures include.
 */
@ApiTags('analytics')
@Roles('analyst', 'auditor')
@Controller('analytics')
export class ReadModelFreshnessController {
  constructor(
    private readonly projections: ProjectionSupervisor,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
  ) {}

  @Get('freshness')
  @ApiOperation({ summary: 'Per read model: the last event applied (position and record time), the log head, and the lag in events and ms' })
  @ApiOkResponse({ type: FreshnessResponse })
  @ApiQueryResponses()
  async freshness(): Promise<FreshnessResponse> {
    const names = READ_MODELS.map((projection) => projection.name);
    return freshnessReport(await this.projections.status(), names, this.eventStore);
  }
}
