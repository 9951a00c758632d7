import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { AnyRole, AuthUser, CurrentUser } from '@app/auth';
import { Audited } from '@app/audit';
import { ApiPageResponse, ListQueryDto, PageResponse, ParseObjectIdPipe, toResponse, toResponseList } from '@app/common';
import { CreateMessageDto } from './dto/create-message.dto';
import { MessageQueryDto } from './dto/message-query.dto';
import { MessageResponse } from './dto/message.response';
import { MessageView } from './message-view';
import { MESSAGE_MODEL } from './message.schema';
import { MessagesService } from './messages.service';

const toPage = (page: PageResponse<MessageView>): PageResponse<MessageResponse> => ({ ...page, data: toResponseList(MessageResponse, page.data) });

/** Posting and listing: one conversation per project (its team) and the company-wide general channel (everyone). */
@ApiTags('messages')
@Audited('message', MESSAGE_MODEL)
@Controller()
export class ConversationsController {
  constructor(private readonly messages: MessagesService) {}

  @Post('projects/:projectId/messages')
  @AnyRole()
  @ApiCreatedResponse({ type: MessageResponse })
  async postToProject(@Param('projectId', ParseObjectIdPipe) projectId: string, @Body() dto: CreateMessageDto, @CurrentUser() user: AuthUser): Promise<MessageResponse> {
    const conversation = await this.messages.projectConversation(projectId, user);
    return toResponse(MessageResponse, await this.messages.post(conversation, user, dto));
  }

  /** Thread roots, newest first (`cursor` for the next page). */
  @Get('projects/:projectId/messages')
  @AnyRole()
  @ApiPageResponse(MessageResponse)
  async listProject(@Param('projectId', ParseObjectIdPipe) projectId: string, @Query() query: MessageQueryDto, @CurrentUser() user: AuthUser): Promise<PageResponse<MessageResponse>> {
    return toPage(await this.messages.list(await this.messages.projectConversation(projectId, user), query));
  }

  @Get('projects/:projectId/messages/pinned')
  @AnyRole()
  @ApiPageResponse(MessageResponse)
  async pinnedInProject(@Param('projectId', ParseObjectIdPipe) projectId: string, @Query() query: ListQueryDto, @CurrentUser() user: AuthUser): Promise<PageResponse<MessageResponse>> {
    return toPage(await this.messages.pinned(await this.messages.projectConversation(projectId, user), query));
  }

  @Post('channels/general/messages')
  @AnyRole()
  @ApiCreatedResponse({ type: MessageResponse })
  async postToGeneral(@Body() dto: CreateMessageDto, @CurrentUser() user: AuthUser): Promise<MessageResponse> {
    return toResponse(MessageResponse, await this.messages.post(this.messages.generalChannel(), user, dto));
  }

  @Get('channels/general/messages')
  @AnyRole()
  @ApiPageResponse(MessageResponse)
  async listGeneral(@Query() query: MessageQueryDto): Promise<PageResponse<MessageResponse>> {
    return toPage(await this.messages.list(this.messages.generalChannel(), query));
  }

  @Get('channels/general/messages/pinned')
  @AnyRole()
  @ApiPageResponse(MessageResponse)
  async pinnedInGeneral(@Query() query: ListQueryDto): Promise<PageResponse<MessageResponse>> {
    return toPage(await this.messages.pinned(this.messages.generalChannel(), query));
  }
}
