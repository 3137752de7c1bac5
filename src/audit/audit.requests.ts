import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Matches } from 'class-validator';
import { IsQueryInt } from '@ledger/http-kit';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../directory/directory.requests';

const ISO = { strict: true, strictSeparator: true };

export class HistoryQuery {
  @ApiPropertyOptional({ description: 'The `next` of the previous page' })
  @IsOptional() @IsString() @Matches(/^\d{1,20}$/, { message: '$property must be the next cursor of a previous page' })
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional() @IsQueryInt(1, MAX_PAGE_SIZE)
  limit?: number;
}

export class StateQuery {
  @ApiPropertyOptional({ description: 'Business time: what was true then, by what is known now', example: '2017-06-30' })
  @IsOptional() @IsISO8601(ISO)
  asOf?: string;

  @ApiPropertyOptional({ description: 'Record time: what was known then', example: '2017-06-30T12:00:00Z' })
  @IsOptional() @IsISO8601(ISO)
  asKnownAt?: string;
}

export class ExportQuery {
  @ApiPropertyOptional({ description: 'Events recorded from (inclusive)' }) @IsOptional() @IsISO8601(ISO)
  from?: string;

  @ApiPropertyOptional({ description: 'Events recorded until (inclusive; a date covers its whole day)' }) @IsOptional() @IsISO8601(ISO)
  to?: string;
}
