import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiPageResponse, PageResponse, ParseObjectIdPipe, toResponse, toResponseList } from '@app/common';
import { AnyRole, AuthUser, CurrentUser } from '@app/auth';
import { NotificationQueryDto, NOTIFICATION_LIST_SPEC } from './dto/notification-query.dto';
import { NotificationCountResponse, NotificationResponse } from './dto/notification.response';
import { NotificationsService } from './notifications.service';

/** The signed-in user's own notifications; anyone else's answer 404. */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** Newest first; `?is_read=false` for the unread ones. */
  @Get()
  @AnyRole()
  @ApiPageResponse(NotificationResponse, NOTIFICATION_LIST_SPEC)
  async list(@CurrentUser() user: AuthUser, @Query() query: NotificationQueryDto): Promise<PageResponse<NotificationResponse>> {
    const page = await this.notifications.list(user.id, query);
    return { ...page, data: toResponseList(NotificationResponse, page.data) };
  }

  @Get('unread-count')
  @AnyRole()
  async unreadCount(@CurrentUser() user: AuthUser): Promise<NotificationCountResponse> {
    return { count: await this.notifications.unreadCount(user.id) };
  }

  /** Marks every unread notification read; `count` is how many were unread. */
  @Post('read-all')
  @AnyRole()
  @HttpCode(HttpStatus.OK)
  async markAllRead(@CurrentUser() user: AuthUser): Promise<NotificationCountResponse> {
    return { count: await this.notifications.markAllRead(user.id) };
  }

  @Get(':id')
  @AnyRole()
  async get(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) id: string): Promise<NotificationResponse> {
    return toResponse(NotificationResponse, await this.notifications.findMine(user.id, id));
  }

  /** Idempotent: marking it again keeps the first read_at. */
  @Patch(':id/read')
  @AnyRole()
  async markRead(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) id: string): Promise<NotificationResponse> {
    return toResponse(NotificationResponse, await this.notifications.markRead(user.id, id));
  }

  @Delete(':id')
  @AnyRole()
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) id: string): Promise<void> {
    await this.notifications.remove(user.id, id);
  }
}
