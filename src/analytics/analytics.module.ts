import { Module, OnModuleInit } from '@nestjs/common';
import { ProjectionSupervisor } from '@ledger/projections';
import { AnalyticsController } from './analytics.controller';
import { LineageController } from './lineage.controller';
import { keyAccountShareProjection } from './key-account-share.projection';
import { managerWorkloadsProjection } from './manager-workloads.projection';

@Module({ controllers: [AnalyticsController, LineageController] })
export class AnalyticsModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionSupervisor) {}

  onModuleInit(): void {
    this.projections.registerProjection(keyAccountShareProjection);
    this.projections.registerProjection(managerWorkloadsProjection);
  }
}
