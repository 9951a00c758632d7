import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiPageResponse, PageResponse, ParseObjectIdPipe, toResponse, toResponseList, ApiErrors } from '@app/common';
import { Role, Roles } from '@app/auth';
import { Audited } from '@app/audit';
import { CreateNotificationTypeDto } from './dto/create-notification-type.dto';
import { NotificationTypeQueryDto, NOTIFICATION_TYPE_LIST_SPEC } from './dto/notification-type-query.dto';
import { NotificationTypeResponse } from './dto/notification-type.response';
import { UpdateNotificationTypeDto } from './dto/update-notification-type.dto';
import { NotificationTypesService } from './notification-types.service';

/** Notification templates; admins edit the wording or switch a type off. */
@ApiTags('notification types')
@Audited('notification_type', 'NotificationType')
@Controller('notification-types')
export class NotificationTypesController {
  constructor(private readonly types: NotificationTypesService) {}

  @Get()
  @Roles(Role.Admin)
  @ApiPageResponse(NotificationTypeResponse, NOTIFICATION_TYPE_LIST_SPEC)
  async list(@Query() query: NotificationTypeQueryDto): Promise<PageResponse<NotificationTypeResponse>> {
    const page = await this.types.list(query);
    return { ...page, data: toResponseList(NotificationTypeResponse, page.data) };
  }

  /** A custom type; built-in ones are seeded at start-up. */
  @Post()
  @ApiErrors({ 409: 'The key is already in use' })
  @Roles(Role.Admin)
  async create(@Body() dto: CreateNotificationTypeDto): Promise<NotificationTypeResponse> {
    return toResponse(NotificationTypeResponse, await this.types.create(dto));
  }

  @Get(':id')
  @Roles(Role.Admin)
  async get(@Param('id', ParseObjectIdPipe) id: string): Promise<NotificationTypeResponse> {
    return toResponse(NotificationTypeResponse, await this.types.findById(id));
  }

  /** A built-in type's templates may use only the placeholders its event provides (`available_placeholders`). */
  @Patch(':id')
  @Roles(Role.Admin)
  async update(@Param('id', ParseObjectIdPipe) id: string, @Body() dto: UpdateNotificationTypeDto): Promise<NotificationTypeResponse> {
    return toResponse(NotificationTypeResponse, await this.types.update(id, dto));
  }

  /** Custom types only: built-in ones are re-created at start-up, so switch them off instead (409). */
  @Delete(':id')
  @ApiErrors({ 409: 'A built-in type cannot be deleted' })
  @Roles(Role.Admin)
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@Param('id', ParseObjectIdPipe) id: string): Promise<void> {
    await this.types.remove(id);
  }
}
