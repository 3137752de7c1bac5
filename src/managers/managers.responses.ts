import { ApiProperty } from '@nestjs/swagger';
import type { CommandResult } from '@ledger/decider';

export class ManagerWritten {
  @ApiProperty() managerId: string;
  @ApiProperty({ description: "The manager stream's revision after the command; send it back in If-Match" })
  revision: number;
  @ApiProperty({ description: 'Log position of the last event written, as a decimal string' })
  position: string;
}

export const managerWritten = (managerId: string, result: CommandResult): ManagerWritten => ({
  managerId,
  revision: result.revision,
  position: String(result.position),
});
