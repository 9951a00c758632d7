import { Module } from '@nestjs/common';
import { ActivityLogModelModule } from './activity-logs/activity-log-model.module';
import { ActivityLogsModule } from './activity-logs/activity-logs.module';
import { AuditService } from './audit.service';

/**
 * The audit trail: AuditService writes it — every model write from the persistence layer (it is
 * the write-audit sink of the connection), other actions directly or via AUDIT_RECORD_EVENT —
 * and ActivityLogsModule serves /activity-logs.
 */
@Module({
  imports: [ActivityLogModelModule, ActivityLogsModule],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
