import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsBusinessTime } from './business-time';

/** Base of every command that may be backdated: `effectiveFrom` becomes the event's `occurredAt`. */
export class EffectiveFromRequest {
  @ApiPropertyOptional({ description: 'When the change takes effect (ISO 8601, stored as UTC); defaults to now', example: '2017-03-01' })
  @IsOptional() @IsBusinessTime()
  effectiveFrom?: string;
}
