import { ApiProperty } from '@nestjs/swagger';
import type { FreshnessReport, ReadModelFreshness } from './read-model-freshness.query';

export class ReadModelFreshnessResponse implements ReadModelFreshness {
  @ApiProperty({ example: 'key-account-share' }) name: string;
  @ApiProperty({ enum: ['running', 'stopped', 'failed', 'standby'], description: 'standby: another instance runs it' })
  status: ReadModelFreshness['status'];
  @ApiProperty({ type: String, nullable: true, description: 'Log position of the last event applied', example: '14297' })
  checkpoint: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Log position of the newest event', example: '14297' })
  head: string | null;
  @ApiProperty({ description: 'Events not applied yet (counted up to 10,000)' }) lagEvents: number;
  @ApiProperty({ description: 'true when lagEvents stopped counting at its cap' }) lagEventsCapped: boolean;
  @ApiProperty({ description: 'Age of the oldest event not applied yet; 0 when caught up' }) lagMs: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'When the last event applied was recorded: the figures are as of then' })
  checkpointRecordedAt: string | null;
}

export class FreshnessResponse implements FreshnessReport {
  @ApiProperty({ type: String, nullable: true, description: 'Log position of the newest event' }) head: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) headRecordedAt: string | null;
  @ApiProperty({ type: [ReadModelFreshnessResponse] }) readModels: ReadModelFreshnessResponse[];
}
