import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { IsBusinessTime, IsCleanText, IsDecimalAmount, IsEntityId } from '@ledger/http-kit';
import { DEAL_OUTCOMES, DealOutcome } from './domain/deal.events';

const CURRENCY = /^[A-Z]{3}$/;

export class OpenDealRequest {
  @ApiPropertyOptional({ description: 'Caller-chosen id (1-64 of A-Za-z0-9._-); generated when absent' })
  @IsOptional() @IsEntityId()
  dealId?: string;

  @ApiProperty({ description: 'Id of an open account' }) @IsEntityId()
  accountId: string;

  @ApiProperty({ description: 'Id of the manager credited with the deal' }) @IsEntityId()
  managerId: string;

  @ApiPropertyOptional({ example: 'GTX Pro' }) @IsOptional() @IsCleanText(200)
  product?: string;

  @ApiPropertyOptional({ description: 'Expected value as a decimal string', example: '4821.00' })
  @IsOptional() @IsDecimalAmount()
  expectedAmount?: string;

  @ApiPropertyOptional({ description: 'ISO 4217; only the reporting currency is accepted until FX is supported', example: 'USD' })
  @IsOptional() @IsString() @Matches(CURRENCY, { message: '$property must be an ISO 4217 code such as USD' })
  currency?: string;

  @ApiPropertyOptional({ description: 'Business date the deal was opened (ISO 8601)', example: '2017-03-01' })
  @IsOptional() @IsBusinessTime()
  openedAt?: string;
}

export class CloseDealRequest {
  @ApiProperty({ enum: DEAL_OUTCOMES }) @IsIn(DEAL_OUTCOMES)
  outcome: DealOutcome;

  @ApiPropertyOptional({ description: 'Decimal string; required when won', example: '1054.00' })
  @IsOptional() @IsDecimalAmount()
  amount?: string;

  @ApiPropertyOptional({ example: 'USD' })
  @IsOptional() @IsString() @Matches(CURRENCY, { message: '$property must be an ISO 4217 code such as USD' })
  currency?: string;

  @ApiPropertyOptional({ description: 'When the deal closed (ISO 8601); defaults to now', example: '2017-03-15' })
  @IsOptional() @IsBusinessTime()
  closedAt?: string;
}
