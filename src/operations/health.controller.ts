import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { Public } from '@ledger/http-kit';

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly eventStore: EventStore) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'The event store answers: the service can take commands' })
  async ready() {
    try {
      const head = await this.eventStore.headPosition();
      return { status: 'ok', eventStore: { status: 'ok', head: head === null ? null : String(head) } };
    } catch {
      throw new ServiceUnavailableException('The event store does not answer');
    }
  }
}
