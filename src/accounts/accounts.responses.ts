import { ApiProperty } from '@nestjs/swagger';
import type { CommandResult } from '@ledger/decider';

export class AccountWritten {
  @ApiProperty() accountId: string;
  @ApiProperty({ description: "The account stream's revision after the command; send it back in If-Match" })
  revision: number;
  @ApiProperty({ description: 'Log position of the last event written, as a decimal string' })
  position: string;
}

export const accountWritten = (accountId: string, result: CommandResult): AccountWritten => ({
  accountId,
  revision: result.revision,
  position: String(result.position),
});
