import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiQueryResponses, CsvExport, Roles } from '@ledger/http-kit';
import { ProjectionSupervisor, READ_STORE, ReadStore } from '@ledger/projections';
import { AppConfig } from '../config';
import { Freshness } from '../read-models.module';
import { KeyAccountShareQuery, ManagerWorkloadsQuery } from './analytics.requests';
import { keyAccountShareProjection } from './key-account-share.projection';
import { KeyAccountShare, keyAccountShareCsvRows, queryKeyAccountShare } from './key-account-share.query';
import { managerWorkloadsProjection } from './manager-workloads.projection';
import { ManagerWorkloads, managerWorkloadsCsvRows, queryManagerWorkloads } from './manager-workloads.query';

@ApiTags('analytics')
@Roles('analyst')
@Controller('analytics')
export class AnalyticsController {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly projections: ProjectionSupervisor,
    private readonly freshness: Freshness,
    private readonly config: AppConfig,
  ) {}

  @Get('key-account-share')
  @ApiOperation({
    summary: 'Won value and the share on key accounts, per period',
    description: 'A won deal counts as key-account sales when its account was key at the close date, by the designations known now.',
  })
  @ApiQueryResponses({ readYourWrites: true })
  @CsvExport(keyAccountShareCsvRows)
  async keyAccountShare(@Query() query: KeyAccountShareQuery): Promise<KeyAccountShare> {
    const name = keyAccountShareProjection.name;
    await this.freshness.ensure(name, query.minPosition);
    const { from, to, region, sector } = query;
    return queryKeyAccountShare(this.store, this.projections.activeGeneration(name), {
      from, to, region, sector, groupBy: query.groupBy ?? 'month', currency: this.config.REPORTING_CURRENCY,
    });
  }

  @Get('manager-workloads')
  @ApiOperation({ summary: "Managers' accounts, key accounts, open and won deals and utilisation, with team and territory roll-ups" })
  @ApiQueryResponses({ readYourWrites: true })
  @CsvExport(managerWorkloadsCsvRows)
  async managerWorkloads(@Query() query: ManagerWorkloadsQuery): Promise<ManagerWorkloads> {
    const name = managerWorkloadsProjection.name;
    await this.freshness.ensure(name, query.minPosition);
    const { from, to, territory } = query;
    return queryManagerWorkloads(this.store, this.projections.activeGeneration(name), {
      from, to, territory, currency: this.config.REPORTING_CURRENCY,
    });
  }
}
