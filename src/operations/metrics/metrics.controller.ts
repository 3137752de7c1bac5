import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { prometheusContentType } from 'prom-client';
import { Roles } from '@ledger/http-kit';
import { MetricsRegistry } from './metrics.registry';
import { ProjectionMetrics } from './projection-metrics';

/** Prometheus scrape endpoint. Admin only: the figures describe the business's activity. */
@ApiTags('operations')
@Roles('admin')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly projections: ProjectionMetrics,
  ) {}

  @Get()
  @Header('Content-Type', prometheusContentType)
  @ApiProduces(prometheusContentType)
  @ApiOperation({ summary: 'Prometheus metrics: commands, appends, HTTP requests, projection lag and throughput, process' })
  async scrape(): Promise<string> {
    await this.projections.refresh();
    return this.metrics.registry.metrics();
  }
}
