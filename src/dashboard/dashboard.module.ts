import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { dashboardAssets } from './dashboard-assets';
import { ReadModelFreshnessController } from './read-model-freshness.controller';

/** The analysts' dashboard at /dashboard (static files) and the freshness figures it shows. */
@Module({ controllers: [ReadModelFreshnessController] })
export class DashboardModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    // Nest calls this before Fastify is ready, so the plugin still loads; the CLI has no HTTP adapter.
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (fastify) void fastify.register(dashboardAssets);
  }
}
