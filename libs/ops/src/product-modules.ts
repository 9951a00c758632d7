import { EventEmitterModule } from '@nestjs/event-emitter';
import { AppConfig, AppConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { CryptoModule, Keyring } from '@app/crypto';
import { AuthModule } from '@app/auth';
import { EventStreamModule, EventsModule, WebhooksModule } from '@app/events';
import { AuditModule } from '@app/audit';
import { NotificationsModule } from '@app/notifications';
import { CrmModule } from '@app/crm';
import { ProjectsModule } from '@app/projects';
import { TasksModule } from '@app/tasks';
import { FilesModule } from '@app/files';
import { MessagingModule } from '@app/messaging';
import { BillingModule } from '@app/billing';
import { OpsModule } from './ops.module';

/**
 * The whole product without a transport: configuration, database, encryption, every domain and
 * ops. The API adds HTTP (logging, health, metrics) on top; the CLI adds its commands. One list,
 * so the two can never register different schemas, listeners or services.
 */
export function productModules() {
  return [
    AppConfigModule.forRoot(),
    EventEmitterModule.forRoot({ wildcard: false, ignoreErrors: false }),
    DatabaseModule,
    CryptoModule.forRoot({ inject: [AppConfig], useFactory: (config: AppConfig) => Keyring.parse(config.security.encryptionKeys) }),
    EventsModule,
    AuthModule,
    AuditModule,
    NotificationsModule,
    CrmModule,
    ProjectsModule,
    TasksModule,
    FilesModule,
    MessagingModule,
    BillingModule,
    WebhooksModule,
    EventStreamModule,
    OpsModule,
  ];
}
