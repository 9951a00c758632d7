import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { ApiPageResponse, ErrorResponse, fieldError, PageResponse, ParseObjectIdPipe, toResponseList } from '@app/common';
import { AuthUser, CurrentUser, Role, Roles, ApiKeyArea } from '@app/auth';
import { ActivityLogsService } from './activity-logs.service';
import { ActivityLogQueryDto, ENTITY_TYPE_PATTERN, EntityTimelineQueryDto, ACTIVITY_LOG_LIST_SPEC, ENTITY_TIMELINE_SPEC } from './dto/activity-log-query.dto';
import { ActivityLogResponse } from './dto/activity-log.response';

@ApiTags('activity logs')
@ApiKeyArea('audit')
@Controller('activity-logs')
export class ActivityLogsController {
  constructor(private readonly activityLogs: ActivityLogsService) {}

  /**
   * The audit trail, newest first; filter by entity, actor, action and time range. Records follow
   * their entity's visibility: an entity the caller cannot see is a 404 when named by type and id,
   * and its records are never listed (a department manager reads other departments' leads nowhere).
   */
  @Get()
  @Roles(Role.Admin, Role.Manager)
  @ApiPageResponse(ActivityLogResponse, ACTIVITY_LOG_LIST_SPEC)
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'entity_type and entity_id name an entity the caller cannot see' })
  async list(@Query() query: ActivityLogQueryDto, @CurrentUser() user: AuthUser): Promise<PageResponse<ActivityLogResponse>> {
    const page = await this.activityLogs.list(query, user);
    return { ...page, data: toResponseList(ActivityLogResponse, page.data) };
  }

  /** One entity's history, oldest first; 404 when the caller cannot see the entity (as its own route answers). */
  @Get('entity/:entityType/:entityId')
  @Roles(Role.Admin, Role.Manager)
  @ApiPageResponse(ActivityLogResponse, ENTITY_TIMELINE_SPEC)
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'The caller cannot see this entity (its own route answers 404)' })
  async timeline(
    @Param('entityType') entityType: string,
    @Param('entityId', ParseObjectIdPipe) entityId: string,
    @Query() query: EntityTimelineQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<PageResponse<ActivityLogResponse>> {
    if (!ENTITY_TYPE_PATTERN.test(entityType)) throw fieldError('entityType', 'must be a lower-case snake_case name, e.g. user or project_service');
    const page = await this.activityLogs.timeline(entityType, entityId, query, user);
    return { ...page, data: toResponseList(ActivityLogResponse, page.data) };
  }
}
