import { ApiProperty } from '@nestjs/swagger';
import type { CommandResult } from '@ledger/decider';

export class DealWritten {
  @ApiProperty() dealId: string;
  @ApiProperty({ description: "The deal stream's revision after the command; send it back in If-Match" })
  revision: number;
  @ApiProperty({ description: 'Log position of the last event written, as a decimal string' })
  position: string;
}

export const dealWritten = (dealId: string, result: CommandResult): DealWritten => ({
  dealId,
  revision: result.revision,
  position: String(result.position),
});
