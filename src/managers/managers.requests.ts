import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsInt, IsOptional, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { EffectiveFromRequest, IsCleanText, IsEntityId } from '@ledger/http-kit';
import { MANAGER_ROLES, ManagerRole } from './domain/manager.events';

/** Upper bound on a planning capacity: beyond it the number is a typo, not a plan. */
const MAX_CAPACITY = 100_000;

export class OnboardManagerRequest extends EffectiveFromRequest {
  @ApiPropertyOptional({ description: 'Caller-chosen id (1-64 of A-Za-z0-9._-); generated when absent' })
  @IsOptional() @IsEntityId()
  managerId?: string;

  @ApiProperty({ example: 'Moses Frase' }) @IsCleanText(200)
  name: string;

  @ApiProperty({ enum: MANAGER_ROLES }) @IsIn(MANAGER_ROLES)
  role: ManagerRole;

  @ApiProperty({ description: 'Region, division or district', example: 'Central' }) @IsCleanText(200)
  territory: string;

  @ApiPropertyOptional({ description: 'Id of an active manager' }) @IsOptional() @IsEntityId()
  reportsTo?: string;

  @ApiPropertyOptional({ description: 'How many accounts the manager can carry' })
  @IsOptional() @IsInt() @Min(0) @Max(MAX_CAPACITY)
  capacity?: number;

  @ApiPropertyOptional() @IsOptional() @MaxLength(254) @IsEmail()
  email?: string;
}

export class ChangeManagerRoleRequest extends EffectiveFromRequest {
  @ApiProperty({ enum: MANAGER_ROLES }) @IsIn(MANAGER_ROLES)
  role: ManagerRole;
}

export class ChangeReportingLineRequest extends EffectiveFromRequest {
  @ApiProperty({ description: 'Id of an active manager, or null for none', nullable: true, type: String })
  @ValidateIf((_, value) => value !== null) @IsEntityId()
  reportsTo: string | null;
}

export class ChangeManagerCapacityRequest extends EffectiveFromRequest {
  @ApiProperty({ description: 'Accounts the manager can carry, or null for no limit', nullable: true, type: Number })
  @ValidateIf((_, value) => value !== null) @IsInt() @Min(0) @Max(MAX_CAPACITY)
  capacity: number | null;
}

export class OffboardManagerRequest extends EffectiveFromRequest {
  @ApiProperty({ example: 'Left the company' }) @IsCleanText(500)
  reason: string;

  @ApiPropertyOptional({ description: 'Active manager who takes over every account held; required if any are held' })
  @IsOptional() @IsEntityId()
  successorId?: string;
}
