import { Module, OnModuleInit } from '@nestjs/common';
import { ProjectionSupervisor } from '@ledger/projections';
import { accountDirectoryProjection } from './account-directory.projection';
import { DirectoryController } from './directory.controller';

@Module({ controllers: [DirectoryController] })
export class DirectoryModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionSupervisor) {}

  onModuleInit(): void {
    this.projections.registerProjection(accountDirectoryProjection);
  }
}
