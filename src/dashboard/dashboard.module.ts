import { Module } from '@nestjs/common';
import { ReadModelFreshnessController } from './read-model-freshness.controller';

/** The analysts' dashboard: for now the freshness figures it will show. */
@Module({ controllers: [ReadModelFreshnessController] })
export class DashboardModule {}
