import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Writable } from 'stream';
import { AppConfig } from '@app/config';
import { RateLimitModule } from '@app/common';
import { DevelopmentFirstRunModule, ProductionDeployGateModule, productModules } from '@app/ops';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { pinoParams } from './logging';

export interface AppModuleOptions {
  /** Where JSON logs go (stdout when omitted); tests capture them to scan for leaks. */
  logStream?: Writable;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...productModules(),
        DevelopmentFirstRunModule,
        ProductionDeployGateModule,
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => pinoParams({ level: config.http.logLevel, development: config.isDevelopment }, options.logStream),
        }),
        RateLimitModule,
        HealthModule,
        MetricsModule,
      ],
    };
  }
}
