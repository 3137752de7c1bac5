import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { IsCleanText, IsEntityId, IsQueryInt } from '@ledger/http-kit';

/** Pages are bounded: a caller cannot ask the service to build an unbounded answer. */
export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;


export class ReadYourWritesQuery {
  @ApiPropertyOptional({ description: 'Wait (up to 5 s, else 503) until the read model has applied this log position, as a command answered it; beyond the end of the log: 400' })
  @IsOptional() @IsString() @Matches(/^\d{1,20}$/, { message: '$property must be a log position (digits)' })
  minPosition?: string;
}

export class PageQuery extends ReadYourWritesQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional() @IsQueryInt(1, MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `next` of the previous page' })
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: '$property must be a cursor from a previous page' })
  cursor?: string;
}

export class AccountsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['key', 'standard'] }) @IsOptional() @IsIn(['key', 'standard'])
  tier?: 'key' | 'standard';

  @ApiPropertyOptional() @IsOptional() @IsEntityId()
  managerId?: string;

  @ApiPropertyOptional() @IsOptional() @IsCleanText(100)
  region?: string;

  @ApiPropertyOptional() @IsOptional() @IsCleanText(100)
  sector?: string;
}
