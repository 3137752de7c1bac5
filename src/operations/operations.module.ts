import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { AppendMetrics } from './metrics/append-metrics';
import { CommandMetrics } from './metrics/command-metrics';
import { HttpMetrics } from './metrics/http-metrics';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsRegistry } from './metrics/metrics.registry';
import { ProjectionMetrics } from './metrics/projection-metrics';
import { ProjectionsController } from './projections.controller';
import { Readiness } from './readiness';

@Module({
  controllers: [HealthController, ProjectionsController, MetricsController],
  providers: [Readiness, MetricsRegistry, HttpMetrics, CommandMetrics, AppendMetrics, ProjectionMetrics],
  exports: [HttpMetrics],
})
export class OperationsModule {}
