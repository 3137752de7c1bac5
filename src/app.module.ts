import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import { API_KEYS, ApiKey, ApiKeyGuard, ProblemDetailsFilter } from '@ledger/http-kit';
import { AccountsModule } from './accounts/accounts.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { AppConfig } from './config';
import { DealsModule } from './deals/deals.module';
import { DirectoryModule } from './directory/directory.module';
import { ManagersModule } from './managers/managers.module';
import { OffboardingModule } from './offboarding/offboarding.module';
import { OperationsModule } from './operations/operations.module';
import { requestLogging } from './operations/request-logging';
import { ReadModelsModule } from './read-models.module';
import { StorageModule } from './storage.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, apiKeys: ApiKey[]): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(requestLogging(config.LOG_LEVEL)),
        CqrsModule.forRoot(),
        { module: ConfigHolderModule, global: true, providers: [{ provide: AppConfig, useValue: config }], exports: [AppConfig] },
        StorageModule,
        ReadModelsModule,
        DirectoryModule,
        AnalyticsModule,
        OperationsModule,
        ManagersModule,
        AccountsModule,
        DealsModule,
        OffboardingModule,
      ],
      providers: [
        { provide: API_KEYS, useValue: apiKeys },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}

/** Makes the parsed configuration injectable everywhere. */
@Module({})
class ConfigHolderModule {}
