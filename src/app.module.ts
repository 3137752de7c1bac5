import { DynamicModule, Module, Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { API_KEYS, ApiKey, ApiKeyGuard, ApiKeyThrottlerGuard, perKeyRateLimit, ProblemDetailsFilter } from '@ledger/http-kit';
import { AccountsModule } from './accounts/accounts.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { AuditModule } from './audit/audit.module';
import { AppConfig } from './config';
import { DashboardModule } from './dashboard/dashboard.module';
import { DealsModule } from './deals/deals.module';
import { DirectoryModule } from './directory/directory.module';
import { ManagersModule } from './managers/managers.module';
import { OffboardingModule } from './offboarding/offboarding.module';
import { OperationsModule } from './operations/operations.module';
import { requestLogging } from './operations/request-logging';
import { ReadModelsModule, RUN_PROJECTIONS } from './read-models.module';
import { StorageModule, WAL_CHECKPOINTS, type WalCheckpoints } from './storage.module';

export interface AppOptions {
  /**
   * false for tools that share the database with a running server (the CLI): read models and
   * reactors are then left to the server, which owns them.
   */
  readonly runProjections?: boolean;
  /**
   * Where the embedded log's WAL is checkpointed: 'background' (a thread of its own, for a server
   * whose writes leave the event loop moments to spare) or 'inline' (on the committing
   * connection, for tools that write in a tight loop, such as the CLI's import). Default background.
   */
  readonly walCheckpoints?: WalCheckpoints;
  /**
   * Where log lines go instead of stdout; for tests that read them. nestjs-pino keeps one logger
   * per process, made by the first app: only that app's destination counts.
   */
  readonly logDestination?: DestinationStream;
  /** Modules a tool adds to the app, such as the benchmark's bare endpoint (test/bench). */
  readonly extraModules?: readonly Type[];
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, apiKeys: ApiKey[], options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(requestLogging(config.LOG_LEVEL, options.logDestination)),
        CqrsModule.forRoot(),
        ThrottlerModule.forRoot(perKeyRateLimit(config.RATE_LIMIT_PER_MINUTE)),
        {
          module: ConfigHolderModule,
          global: true,
          providers: [
            { provide: AppConfig, useValue: config },
            { provide: RUN_PROJECTIONS, useValue: options.runProjections ?? true },
            { provide: WAL_CHECKPOINTS, useValue: options.walCheckpoints ?? 'background' },
          ],
          exports: [AppConfig, RUN_PROJECTIONS, WAL_CHECKPOINTS],
        },
        StorageModule,
        ReadModelsModule,
        DirectoryModule,
        AnalyticsModule,
        DashboardModule,
        AuditModule,
        OperationsModule,
        ManagersModule,
        AccountsModule,
        DealsModule,
        OffboardingModule,
        ...(options.extraModules ?? []),
      ],
      providers: [
        { provide: API_KEYS, useValue: apiKeys },
        // Global guards run in this order: the rate limit counts per authenticated key.
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_GUARD, useClass: ApiKeyThrottlerGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}

/** Makes the parsed configuration injectable everywhere. */
@Module({})
class ConfigHolderModule {}
