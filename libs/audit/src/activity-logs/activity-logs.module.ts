import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ActivityLogModelModule } from './activity-log-model.module';
import { ActivityLogsController } from './activity-logs.controller';
import { ActivityLogsService } from './activity-logs.service';
import { AuditEntityScopes } from './audit-entity-scope';

/** Reading the audit trail over HTTP (admins and managers), under each entity's own visibility (AuditEntityScopes). */
@Module({
  imports: [ActivityLogModelModule, DiscoveryModule],
  controllers: [ActivityLogsController],
  providers: [ActivityLogsService, AuditEntityScopes],
})
export class ActivityLogsModule {}
