import { Module } from '@nestjs/common';
import { ActivityLogModelModule } from './activity-log-model.module';
import { ActivityLogsController } from './activity-logs.controller';
import { ActivityLogsService } from './activity-logs.service';

/** Reading the audit trail over HTTP (admins and managers). */
@Module({
  imports: [ActivityLogModelModule],
  controllers: [ActivityLogsController],
  providers: [ActivityLogsService],
})
export class ActivityLogsModule {}
