import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiPageResponse, fieldError, PageResponse, ParseObjectIdPipe, toResponseList } from '@app/common';
import { Role, Roles } from '@app/auth';
import { ActivityLogsService } from './activity-logs.service';
import { ActivityLogQueryDto, ENTITY_TYPE_PATTERN, EntityTimelineQueryDto } from './dto/activity-log-query.dto';
import { ActivityLogResponse } from './dto/activity-log.response';

@ApiTags('activity-logs')
@Controller('activity-logs')
export class ActivityLogsController {
  constructor(private readonly activityLogs: ActivityLogsService) {}

  /** The audit trail, newest first; filter by entity, actor, action and time range. */
  @Get()
  @Roles(Role.Admin, Role.Manager)
  @ApiPageResponse(ActivityLogResponse)
  async list(@Query() query: ActivityLogQueryDto): Promise<PageResponse<ActivityLogResponse>> {
    const page = await this.activityLogs.list(query);
    return { ...page, data: toResponseList(ActivityLogResponse, page.data) };
  }

  /** One entity's history, oldest first. */
  @Get('entity/:entityType/:entityId')
  @Roles(Role.Admin, Role.Manager)
  @ApiPageResponse(ActivityLogResponse)
  async timeline(
    @Param('entityType') entityType: string,
    @Param('entityId', ParseObjectIdPipe) entityId: string,
    @Query() query: EntityTimelineQueryDto,
  ): Promise<PageResponse<ActivityLogResponse>> {
    if (!ENTITY_TYPE_PATTERN.test(entityType)) throw fieldError('entityType', 'must be a lower-case snake_case name, e.g. user or project_service');
    const page = await this.activityLogs.timeline(entityType, entityId, query);
    return { ...page, data: toResponseList(ActivityLogResponse, page.data) };
  }
}
