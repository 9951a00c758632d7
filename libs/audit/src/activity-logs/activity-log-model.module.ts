import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AppConfig } from '@app/config';
import { ActivityLog, activityLogSchema } from './activity-log.schema';

/** Registers the activity_logs model once, for the writer (AuditModule) and the reader (HTTP). */
@Module({
  imports: [
    MongooseModule.forFeatureAsync([
      { name: ActivityLog.name, inject: [AppConfig], useFactory: (config: AppConfig) => activityLogSchema(config.retention.auditDays) },
    ]),
  ],
  exports: [MongooseModule],
})
export class ActivityLogModelModule {}
