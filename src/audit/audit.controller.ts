import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { ApiQueryResponses, EntityIdPipe, ProblemException, Roles } from '@ledger/http-kit';
import { ProjectionSupervisor } from '@ledger/projections';
import { accountStream } from '../accounts/domain/account.events';
import { DEFAULT_PAGE_SIZE } from '../directory/directory.requests';
import { Freshness } from '../read-models.module';
import { accountHistory, HistoryPage, streamsOfAccount } from './account-history.query';
import { accountStateAt, AccountStateAt } from './account-state.query';
import { accountStreamsProjection } from './account-streams.projection';
import { ExportQuery, HistoryQuery, StateQuery } from './audit.requests';
import { exportLog, verifyLog, VerificationReport } from './log-audit';

@ApiTags('audit')
@Roles('auditor')
@Controller()
export class AuditController {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly projections: ProjectionSupervisor,
    private readonly freshness: Freshness,
  ) {}

  @Get('accounts/:id/history')
  @ApiOperation({ summary: "Every event of the account and of its deals, in log order, with who/when/why metadata" })
  @ApiQueryResponses({ notFound: 'No account has this id', waitsForHead: true })
  async history(@Param('id', EntityIdPipe) accountId: string, @Query() query: HistoryQuery): Promise<HistoryPage> {
    const name = accountStreamsProjection.name;
    // Complete up to the log's head: a deal opened a moment ago is in the history too.
    await this.freshness.ensureUpToHead(name);
    const streams = await streamsOfAccount(this.projections.readStore, this.projections.activeGeneration(name), accountId);
    if (!streams.includes(accountStream(accountId))) throw new ProblemException(404, 'account-not-found', `No account has the id ${accountId}`);
    return accountHistory(this.eventStore, streams, query.after === undefined ? undefined : BigInt(query.after), query.limit ?? DEFAULT_PAGE_SIZE);
  }

  @Get('accounts/:id/state')
  @ApiOperation({ summary: 'The account as it stood at a moment, rebuilt from its events (asOf: business time; asKnownAt: record time)' })
  @ApiQueryResponses({ notFound: 'No account has this id' })
  async state(@Param('id', EntityIdPipe) accountId: string, @Query() query: StateQuery): Promise<AccountStateAt> {
    const events = await this.eventStore.readStream(accountStream(accountId));
    if (events.length === 0) throw new ProblemException(404, 'account-not-found', `No account has the id ${accountId}`);
    return accountStateAt(accountId, events, query);
  }

  @Get('audit/verify')
  @ApiOperation({ summary: "Recomputes every stream's hash chain and names the first event altered, removed or out of place" })
  @ApiQueryResponses()
  verify(): Promise<VerificationReport> {
    return verifyLog(this.eventStore);
  }

  @Get('audit/export')
  @ApiProduces('application/x-ndjson')
  @ApiOperation({ summary: 'The log as NDJSON, streamed in constant memory, optionally by record time' })
  @ApiQueryResponses()
  export(@Query() query: ExportQuery, @Res() reply: FastifyReply): FastifyReply {
    return reply
      .type('application/x-ndjson; charset=utf-8')
      .header('Content-Disposition', 'attachment; filename="ledger-export.ndjson"')
      .send(Readable.from(exportLog(this.eventStore, query)));
  }
}
