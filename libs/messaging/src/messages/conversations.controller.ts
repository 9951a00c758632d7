import { Controller, Get, Param, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AnyRole, AuthUser, CurrentUser, ApiKeyArea } from '@app/auth';
import { Audited } from '@app/audit';
import { ApiPageResponse, ListQueryDto, PageResponse, ParseObjectIdPipe, RateLimit, toResponse, toResponseList } from '@app/common';
import { AttachmentResponse } from '../attachments/dto/attachment.response';
import { MessageQueryDto, MESSAGE_LIST_SPEC, PINNED_SPEC } from './dto/message-query.dto';
import { MessageResponse, PostedMessageResponse } from './dto/message.response';
import { ApiMessageBody } from './dto/post-message.body';
import { MessagePostingService, PostedMessage } from './message-posting.service';
import { MessageView } from './message-view';
import { MESSAGE_MODEL } from './message.schema';
import { MessagesService } from './messages.service';

const toPage = (page: PageResponse<MessageView>): PageResponse<MessageResponse> => ({ ...page, data: toResponseList(MessageResponse, page.data) });
/** `attachments` only when files came with the message: a JSON post answers exactly as before. */
const toPostedResponse = ({ attachments, ...message }: PostedMessage): PostedMessageResponse => ({
  ...toResponse(MessageResponse, message),
  ...(attachments ? { attachments: toResponseList(AttachmentResponse, attachments) } : {}),
});

/** Posting and listing: one conversation per project (its team) and the company-wide general channel (everyone). */
@ApiTags('messages')
@Audited('message', MESSAGE_MODEL)
@ApiKeyArea('messaging')
@Controller()
export class ConversationsController {
  constructor(
    private readonly messages: MessagesService,
    private readonly posting: MessagePostingService,
  ) {}

  /** JSON, or multipart/form-data with files uploaded with the message (see the request body). */
  @Post('projects/:projectId/messages')
  @RateLimit('uploads')
  @AnyRole()
  @ApiMessageBody()
  @ApiCreatedResponse({ type: PostedMessageResponse })
  async postToProject(@Param('projectId', ParseObjectIdPipe) projectId: string, @Req() request: FastifyRequest, @CurrentUser() user: AuthUser): Promise<PostedMessageResponse> {
    return toPostedResponse(await this.posting.post(request, user, () => this.messages.projectConversation(projectId, user)));
  }

  /** Thread roots, newest first (`cursor` for the next page). */
  @Get('projects/:projectId/messages')
  @AnyRole()
  @ApiPageResponse(MessageResponse, MESSAGE_LIST_SPEC)
  async listProject(@Param('projectId', ParseObjectIdPipe) projectId: string, @Query() query: MessageQueryDto, @CurrentUser() user: AuthUser): Promise<PageResponse<MessageResponse>> {
    return toPage(await this.messages.list(await this.messages.projectConversation(projectId, user), query));
  }

  @Get('projects/:projectId/messages/pinned')
  @AnyRole()
  @ApiPageResponse(MessageResponse, PINNED_SPEC)
  async pinnedInProject(@Param('projectId', ParseObjectIdPipe) projectId: string, @Query() query: ListQueryDto, @CurrentUser() user: AuthUser): Promise<PageResponse<MessageResponse>> {
    return toPage(await this.messages.pinned(await this.messages.projectConversation(projectId, user), query));
  }

  /** JSON, or multipart/form-data with files uploaded with the message (see the request body). */
  @Post('channels/general/messages')
  @RateLimit('uploads')
  @AnyRole()
  @ApiMessageBody()
  @ApiCreatedResponse({ type: PostedMessageResponse })
  async postToGeneral(@Req() request: FastifyRequest, @CurrentUser() user: AuthUser): Promise<PostedMessageResponse> {
    return toPostedResponse(await this.posting.post(request, user, async () => this.messages.generalChannel()));
  }

  @Get('channels/general/messages')
  @AnyRole()
  @ApiPageResponse(MessageResponse, MESSAGE_LIST_SPEC)
  async listGeneral(@Query() query: MessageQueryDto): Promise<PageResponse<MessageResponse>> {
    return toPage(await this.messages.list(this.messages.generalChannel(), query));
  }

  @Get('channels/general/messages/pinned')
  @AnyRole()
  @ApiPageResponse(MessageResponse, PINNED_SPEC)
  async pinnedInGeneral(@Query() query: ListQueryDto): Promise<PageResponse<MessageResponse>> {
    return toPage(await this.messages.pinned(this.messages.generalChannel(), query));
  }
}
