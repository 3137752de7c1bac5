import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemException, Roles } from '@ledger/http-kit';
import { ProjectionRunElsewhereError, ProjectionStatus, ProjectionSupervisor, RebuildInProgressError, UnknownProjectionError } from '@ledger/projections';

/** Operators' view of the read models: status, rebuilds, restarts. Admin only. */
@ApiTags('operations')
@Roles('admin')
@Controller('admin/projections')
export class ProjectionsController {
  constructor(private readonly projections: ProjectionSupervisor) {}

  @Get()
  @ApiOperation({ summary: "Each projection's status, checkpoint, log head, lag (events, ms), throughput and rebuild progress" })
  async status(): Promise<{ projections: ProjectionStatus[] }> {
    return { projections: await this.projections.status() };
  }

  @Post(':name/rebuild')
  @HttpCode(202)
  @ApiOperation({ summary: 'Rebuild a read model from the start of the log beside the live one, then switch to it' })
  async rebuild(@Param('name') name: string): Promise<{ projection: string; generation: number }> {
    return { projection: name, ...(await this.guard(() => this.projections.rebuild(name))) };
  }

  @Post(':name/restart')
  @HttpCode(202)
  @ApiOperation({ summary: 'Start a stopped or failed projection again from its checkpoint (after a fix)' })
  async restart(@Param('name') name: string): Promise<{ projection: string }> {
    await this.guard(() => this.projections.restart(name));
    return { projection: name };
  }

  private async guard<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (error instanceof UnknownProjectionError) {
        throw new ProblemException(404, 'projection-not-found', error.message, `Known: ${this.projections.names().join(', ')}`);
      }
      if (error instanceof RebuildInProgressError) throw new ProblemException(409, 'rebuild-in-progress', error.message);
      if (error instanceof ProjectionRunElsewhereError) throw new ProblemException(409, 'projection-run-elsewhere', error.message);
      throw error;
    }
  }
}
