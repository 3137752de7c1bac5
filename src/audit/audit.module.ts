import { Module, OnModuleInit } from '@nestjs/common';
import { ProjectionSupervisor } from '@ledger/projections';
import { accountStreamsProjection } from './account-streams.projection';
import { AuditController } from './audit.controller';

@Module({ controllers: [AuditController] })
export class AuditModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionSupervisor) {}

  onModuleInit(): void {
    this.projections.registerProjection(accountStreamsProjection);
  }
}
