import { Body, Controller, Get, HttpCode, Injectable, Module, OnModuleInit, Post, Query } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { IsCleanText, IsEntityId, Roles } from '@ledger/http-kit';
import { ProjectionSupervisor } from '@ledger/projections';
import { READ_MODELS } from '../../../src/read-model-catalog';

/** Header of the freshness probes' commands (test/bench/measures/freshness.measure.ts). */
export const PROBE_HEADER = 'x-bench-probe';

/** The body of a reassignment, validated by class-validator as the command's DTO is. */
class BareRequest {
  @IsEntityId()
  toManagerId: string;

  @IsCleanText(500)
  reason: string;
}

/**
 * Times, in the service, how long after a probe command's answer leaves every read model has
 * applied it: from Fastify's onSend of the answer to the supervisor's wait (what `minPosition`
 * waits on) resolving. A client timing a second request would add that request's own queueing.
 */
@Injectable()
class FreshnessProbe implements OnModuleInit {
  lags: number[] = [];

  constructor(
    private readonly adapter: HttpAdapterHost,
    private readonly supervisor: ProjectionSupervisor,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapter.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onSend', async (request: FastifyRequest, _reply, payload) => {
      if (request.headers[PROBE_HEADER] && typeof payload === 'string') this.watch(BigInt(JSON.parse(payload).position));
      return payload;
    });
  }

  private watch(position: bigint): void {
    const answered = performance.now();
    const waits = READ_MODELS.map(({ name }) => this.supervisor.waitFor(name, position, 10_000));
    void Promise.all(waits).then((reached) => this.lags.push(reached.every(Boolean) ? performance.now() - answered : Infinity));
  }
}

/**
 * Added to the app by the benchmark only (AppOptions.extraModules). `bare` is the reference the
 * command rate is measured beside: the same app, keys, guards, pipes and logs, and no command.
 * `freshness` hands over the probes' lags measured so far, and forgets them.
 */
@Roles('service')
@Controller('bench')
class BenchController {
  constructor(
    private readonly probe: FreshnessProbe,
    private readonly supervisor: ProjectionSupervisor,
  ) {}

  @Post('bare')
  @HttpCode(200)
  bare(@Body() request: BareRequest): { toManagerId: string; revision: number; position: string } {
    return { toManagerId: request.toManagerId, revision: 0, position: '0' };
  }

  @Get('freshness')
  freshness(): { lags: number[] } {
    const lags = this.probe.lags;
    this.probe.lags = [];
    return { lags };
  }

  /**
   * Whether every read model has applied `position` (waiting up to 5 s for it) and, first filled
   * from the start of the log, has built its indexes since (LogConsumer.caughtUp): a measure that
   * started before would time those builds, which hold the event loop one at a time.
   */
  @Get('visible')
  async visible(@Query('position') position: string): Promise<{ visible: boolean }> {
    const waits = READ_MODELS.map(({ name }) => this.supervisor.waitFor(name, BigInt(position), 5000));
    const applied = (await Promise.all(waits)).every(Boolean);
    return { visible: applied && READ_MODELS.every(({ name }) => this.supervisor.runner(name).hasCaughtUp) };
  }
}

@Module({ controllers: [BenchController], providers: [FreshnessProbe] })
export class BenchModule {}
