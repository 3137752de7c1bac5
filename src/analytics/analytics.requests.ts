import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { IsCleanText } from '@ledger/http-kit';
import { ReadYourWritesQuery } from '../directory/directory.requests';

/**
 * Date bounds are passed through as given: a date-only `to` covers its whole day, which a
 * conversion to a timestamp at midnight would lose.
 */
class DateRangeQuery extends ReadYourWritesQuery {
  @ApiPropertyOptional({ description: 'Start of the range, inclusive (ISO 8601 date or timestamp)', example: '2017-01-01' })
  @IsOptional() @IsISO8601({ strict: true, strictSeparator: true })
  from?: string;

  @ApiPropertyOptional({ description: 'End of the range, inclusive; a date covers its whole day', example: '2017-12-31' })
  @IsOptional() @IsISO8601({ strict: true, strictSeparator: true })
  to?: string;
}

export class KeyAccountShareQuery extends DateRangeQuery {
  @ApiPropertyOptional({ enum: ['month', 'quarter', 'year', 'none'], default: 'month' })
  @IsOptional() @IsIn(['month', 'quarter', 'year', 'none'])
  groupBy?: 'month' | 'quarter' | 'year' | 'none';

  @ApiPropertyOptional() @IsOptional() @IsCleanText(100)
  region?: string;

  @ApiPropertyOptional() @IsOptional() @IsCleanText(100)
  sector?: string;
}

export class ManagerWorkloadsQuery extends DateRangeQuery {
  @ApiPropertyOptional() @IsOptional() @IsCleanText(200)
  territory?: string;
}
