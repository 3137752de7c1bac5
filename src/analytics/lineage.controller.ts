import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { ApiQueryResponses, EntityIdPipe, IsCleanText, ProblemException, Roles } from '@ledger/http-kit';
import { ProjectionSupervisor } from '@ledger/projections';
import { AppConfig } from '../config';
import { accountDirectoryProjection } from '../directory/account-directory.projection';
import { findManager, portfolioOf } from '../directory/account-directory.query';
import { ReadYourWritesQuery } from '../directory/directory.requests';
import { Freshness } from '../read-models.module';
import { keyAccountShareProjection } from './key-account-share.projection';
import { DealLineage, keyAccountShareLineage, periodRange, PortfolioLineage, portfolioLineage } from './lineage.query';

class ShareLineageQuery extends ReadYourWritesQuery {
  @ApiPropertyOptional({ description: 'A period as the share labels it: 2017, 2017-Q1 or 2017-03', example: '2017-Q1' })
  @Matches(/^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/, { message: '$property must be a period such as 2017, 2017-Q1 or 2017-03' })
  period: string;

  @ApiPropertyOptional() @IsOptional() @IsCleanText(100)
  region?: string;

  @ApiPropertyOptional() @IsOptional() @IsCleanText(100)
  sector?: string;
}

/** The events behind the analysts' figures, so each can be traced to what was recorded. */
@ApiTags('analytics')
@Roles('analyst', 'auditor')
@Controller('analytics')
export class LineageController {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly projections: ProjectionSupervisor,
    private readonly freshness: Freshness,
    private readonly config: AppConfig,
  ) {}

  @Get('manager-workloads/:managerId/lineage')
  @ApiOperation({ summary: "The event that put each account of the manager's portfolio there" })
  @ApiQueryResponses({ readYourWrites: true, notFound: 'No manager has this id' })
  async portfolio(
    @Param('managerId', EntityIdPipe) managerId: string,
    @Query() query: ReadYourWritesQuery,
  ): Promise<{ managerId: string; accounts: PortfolioLineage[] }> {
    const name = accountDirectoryProjection.name;
    await this.freshness.ensure(name, query.minPosition);
    const generation = this.projections.activeGeneration(name);
    if (!(await findManager(this.projections.readStore, generation, managerId))) {
      throw new ProblemException(404, 'manager-not-found', `No manager has the id ${managerId}`);
    }
    const held = await portfolioOf(this.projections.readStore, generation, managerId);
    return { managerId, accounts: await portfolioLineage(this.eventStore, managerId, held.map((account) => account.accountId)) };
  }

  @Get('key-account-share/lineage')
  @ApiOperation({ summary: 'The won deals behind a period of the key-account share, each with its DealClosed event and the designation in force' })
  @ApiQueryResponses({ readYourWrites: true })
  async share(@Query() query: ShareLineageQuery): Promise<{ period: string; deals: DealLineage[] }> {
    const name = keyAccountShareProjection.name;
    await this.freshness.ensure(name, query.minPosition);
    const range = periodRange(query.period)!;
    const deals = await keyAccountShareLineage(this.eventStore, this.projections.readStore, this.projections.activeGeneration(name), {
      ...range, region: query.region, sector: query.sector, currency: this.config.REPORTING_CURRENCY,
    });
    return { period: query.period, deals };
  }
}
