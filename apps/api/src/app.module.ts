import { DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { LoggerModule } from 'nestjs-pino';
import type { Writable } from 'stream';
import { AppConfig, AppConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { CryptoModule, Keyring } from '@app/crypto';
import { AuthModule } from '@app/auth';
import { AuditModule } from '@app/audit';
import { NotificationsModule } from '@app/notifications';
import { CrmModule } from '@app/crm';
import { ProjectsModule } from '@app/projects';
import { TasksModule } from '@app/tasks';
import { FilesModule } from '@app/files';
import { MessagingModule } from '@app/messaging';
import { OpsModule } from '@app/ops';
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
        AppConfigModule.forRoot(),
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => pinoParams(config.http.logLevel, options.logStream),
        }),
        EventEmitterModule.forRoot({ wildcard: false, ignoreErrors: false }),
        DatabaseModule,
        CryptoModule.forRoot({ inject: [AppConfig], useFactory: (config: AppConfig) => Keyring.parse(config.security.encryptionKeys) }),
        AuthModule,
        AuditModule,
        NotificationsModule,
        CrmModule,
        ProjectsModule,
        TasksModule,
        FilesModule,
        MessagingModule,
        OpsModule,
        HealthModule,
        MetricsModule,
      ],
    };
  }
}
