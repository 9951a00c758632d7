import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { findPage, PageResponse } from '@app/common';
import { ActivityLog } from './activity-log.schema';
import { ACTIVITY_LOG_LIST_SPEC, ActivityLogQueryDto, ENTITY_TIMELINE_SPEC, EntityTimelineQueryDto } from './dto/activity-log-query.dto';

/** Reads the audit trail (writing is AuditService's job). */
@Injectable()
export class ActivityLogsService {
  constructor(@InjectModel(ActivityLog.name) private readonly logs: Model<ActivityLog>) {}

  list(query: ActivityLogQueryDto): Promise<PageResponse<Record<string, unknown>>> {
    return findPage(this.logs, query as ActivityLogQueryDto & Record<string, unknown>, ACTIVITY_LOG_LIST_SPEC);
  }

  /** Everything that happened to one entity, oldest first. */
  timeline(entityType: string, entityId: string, query: EntityTimelineQueryDto): Promise<PageResponse<Record<string, unknown>>> {
    return findPage(this.logs, query as EntityTimelineQueryDto & Record<string, unknown>, ENTITY_TIMELINE_SPEC, {
      entity_type: entityType,
      entity_id: new Types.ObjectId(entityId),
    });
  }
}
