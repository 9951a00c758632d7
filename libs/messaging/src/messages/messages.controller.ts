import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AnyRole, AuthUser, CurrentUser, ApiKeyArea } from '@app/auth';
import { Audited, SkipAudit } from '@app/audit';
import { ListQueryDto, ParseObjectIdPipe, toResponse, toResponseList, ApiListQuery, ApiErrors } from '@app/common';
import { UpdateMessageDto } from './dto/update-message.dto';
import { MessageResponse, ThreadResponse } from './dto/message.response';
import { MESSAGE_MODEL } from './message.schema';
import { MessagesService } from './messages.service';
import { THREAD_SPEC } from './dto/message-query.dto';

@ApiTags('messages')
@Audited('message', MESSAGE_MODEL)
@ApiKeyArea('messaging')
@Controller('messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Get(':id')
  @AnyRole()
  async get(@Param('id', ParseObjectIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<MessageResponse> {
    return toResponse(MessageResponse, await this.messages.findVisible(id, user));
  }

  /** The thread this message belongs to: its root, then replies oldest first. */
  @Get(':id/thread')
  @AnyRole()
  @ApiListQuery(THREAD_SPEC)
  async thread(@Param('id', ParseObjectIdPipe) id: string, @Query() query: ListQueryDto, @CurrentUser() user: AuthUser): Promise<ThreadResponse> {
    const thread = await this.messages.thread(id, user, query);
    return { ...thread, root: toResponse(MessageResponse, thread.root), replies: toResponseList(MessageResponse, thread.replies) };
  }

  /** Sender only; stamps edited_at. */
  @Patch(':id')
  @ApiErrors({ 409: 'A deleted message cannot be edited' })
  @AnyRole()
  async edit(@Param('id', ParseObjectIdPipe) id: string, @Body() dto: UpdateMessageDto, @CurrentUser() user: AuthUser): Promise<MessageResponse> {
    return toResponse(MessageResponse, await this.messages.edit(id, user, dto));
  }

  /** Soft delete (sender, managers, admins): content hidden, replies kept. */
  @Delete(':id')
  @AnyRole()
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@Param('id', ParseObjectIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<void> {
    await this.messages.remove(id, user);
  }

  /** Sender, managers and admins. */
  @Post(':id/pin')
  @ApiErrors({ 409: 'A deleted message cannot be pinned' })
  @AnyRole()
  @HttpCode(HttpStatus.OK)
  async pin(@Param('id', ParseObjectIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<MessageResponse> {
    return toResponse(MessageResponse, await this.messages.pin(id, user));
  }

  @Delete(':id/pin')
  @AnyRole()
  @SkipAudit()
  async unpin(@Param('id', ParseObjectIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<MessageResponse> {
    return toResponse(MessageResponse, await this.messages.unpin(id, user));
  }
}
