import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { findPage, PageResponse } from '@app/common';
import type { AuthUser } from '@app/auth';
import { ActivityLog } from './activity-log.schema';
import { AuditEntityScopes } from './audit-entity-scope';
import { ACTIVITY_LOG_LIST_SPEC, ActivityLogQueryDto, ENTITY_TIMELINE_SPEC, EntityTimelineQueryDto } from './dto/activity-log-query.dto';

/**
 * Reads the audit trail (writing is AuditService's job), under the visibility of the entities it
 * names: a record of an entity the reader cannot see is never returned (AuditEntityScopes).
 */
@Injectable()
export class ActivityLogsService {
  constructor(
    @InjectModel(ActivityLog.name) private readonly logs: Model<ActivityLog>,
    private readonly scopes: AuditEntityScopes,
  ) {}

  async list(query: ActivityLogQueryDto, user: AuthUser): Promise<PageResponse<Record<string, unknown>>> {
    const visible = await this.scopes.listFilter(query, user);
    return findPage(this.logs, query as ActivityLogQueryDto & Record<string, unknown>, ACTIVITY_LOG_LIST_SPEC, visible);
  }

  /** Everything that happened to one entity, oldest first; 404 when the entity's own route says so. */
  async timeline(entityType: string, entityId: string, query: EntityTimelineQueryDto, user: AuthUser): Promise<PageResponse<Record<string, unknown>>> {
    await this.scopes.assertVisible(entityType, entityId, user);
    return findPage(this.logs, query as EntityTimelineQueryDto & Record<string, unknown>, ENTITY_TIMELINE_SPEC, {
      entity_type: entityType,
      entity_id: new Types.ObjectId(entityId),
    });
  }
}
