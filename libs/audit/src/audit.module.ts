import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ActivityLogModelModule } from './activity-logs/activity-log-model.module';
import { ActivityLogsModule } from './activity-logs/activity-logs.module';
import { AuditInterceptor } from './audit.interceptor';
import { AuditService } from './audit.service';

/**
 * The audit trail: AuditService writes it (directly or via AUDIT_RECORD_EVENT), the global
 * AuditInterceptor records @Audited controllers, ActivityLogsModule serves /activity-logs.
 */
@Module({
  imports: [ActivityLogModelModule, ActivityLogsModule],
  providers: [AuditService, { provide: APP_INTERCEPTOR, useClass: AuditInterceptor }],
  exports: [AuditService],
})
export class AuditModule {}
