import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { EffectiveFromRequest, IsCleanText, IsDecimalAmount, IsEntityId } from '@ledger/http-kit';

export class OpenAccountRequest extends EffectiveFromRequest {
  @ApiPropertyOptional({ description: 'Caller-chosen id (1-64 of A-Za-z0-9._-); generated when absent' })
  @IsOptional() @IsEntityId()
  accountId?: string;

  @ApiProperty({ example: 'Acme Corporation' }) @IsCleanText(200)
  name: string;

  @ApiPropertyOptional({ example: 'technology' }) @IsOptional() @IsCleanText(100)
  sector?: string;

  @ApiPropertyOptional({ example: 'EMEA' }) @IsOptional() @IsCleanText(100)
  region?: string;

  @ApiPropertyOptional({ example: 'United States' }) @IsOptional() @IsCleanText(100)
  country?: string;

  @ApiPropertyOptional({ description: 'Id of an open account this one belongs to' }) @IsOptional() @IsEntityId()
  parentAccountId?: string;

  @ApiPropertyOptional({ description: 'Annual revenue in the reporting currency, as a decimal string', example: '1096530000.00' })
  @IsOptional() @IsDecimalAmount()
  annualRevenue?: string;

  @ApiPropertyOptional({ example: 1000 }) @IsOptional() @IsInt() @Min(0) @Max(100_000_000)
  employees?: number;
}

export class AssignAccountRequest extends EffectiveFromRequest {
  @ApiProperty({ description: 'Id of an active manager' }) @IsEntityId()
  managerId: string;
}

export class ReassignAccountRequest extends EffectiveFromRequest {
  @ApiProperty({ description: 'Id of an active manager other than the current one' }) @IsEntityId()
  toManagerId: string;

  @ApiProperty({ example: 'Territory realignment' }) @IsCleanText(500)
  reason: string;
}

export class KeyDesignationRequest extends EffectiveFromRequest {
  @ApiPropertyOptional({ example: 'Top 10 by revenue' }) @IsOptional() @IsCleanText(500)
  reason?: string;
}

export class CloseAccountRequest {
  @ApiProperty({ example: 'Customer churned' }) @IsCleanText(500)
  reason: string;
}
