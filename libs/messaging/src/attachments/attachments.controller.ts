import { Controller, Get, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiPayloadTooLargeResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AnyRole, AuthUser, CurrentUser, Public, ApiKeyArea } from '@app/auth';
import { Audited, SkipAudit } from '@app/audit';
import { ErrorResponse, ParseObjectIdPipe, RateLimit, toResponse, toResponseList, ApiErrors } from '@app/common';
import { ApiDownloadResponse, downloadResponse } from '@app/files';
import { AttachmentsService } from './attachments.service';
import { AttachmentResponse } from './dto/attachment.response';
import { SignedDownloadQueryDto } from './dto/signed-download-query.dto';
import { ATTACHMENT_MODEL } from './message-attachment.schema';

/** `:id` on these routes is the message's id, so the audit reads the created attachment from the response. */
@ApiTags('messages')
@Audited('message_attachment', ATTACHMENT_MODEL, 'attachmentId')
@ApiKeyArea('messaging')
@Controller()
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  /** Attach one file (sender only). Size limit per detected type: image, document, video, audio, archive, other. */
  @Post('messages/:id/attachments')
  @ApiErrors({ 409: 'The message is deleted, holds the most attachments, or another is being added' })
  @RateLimit('uploads')
  @AnyRole()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ type: AttachmentResponse })
  @ApiPayloadTooLargeResponse({ type: ErrorResponse, description: 'Over the limit for its detected type; nothing is kept' })
  async upload(@Param('id', ParseObjectIdPipe) messageId: string, @CurrentUser() user: AuthUser, @Req() request: FastifyRequest): Promise<AttachmentResponse> {
    return toResponse(AttachmentResponse, await this.attachments.upload(messageId, user, request));
  }

  /** Each with a short-lived signed `download_url`. */
  @Get('messages/:id/attachments')
  @AnyRole()
  @ApiOkResponse({ type: [AttachmentResponse] })
  async list(@Param('id', ParseObjectIdPipe) messageId: string, @CurrentUser() user: AuthUser): Promise<AttachmentResponse[]> {
    return toResponseList(AttachmentResponse, await this.attachments.list(messageId, user));
  }

  /** Signed link only (no token): 403 when the signature is wrong or the link expired. */
  @Get('attachments/:id/download')
  @Public()
  @SkipAudit()
  // The bytes are documented on the 200 only: errors stay application/json (ErrorResponse).
  @ApiDownloadResponse()
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'The signature is wrong, the link expired, or it expires later than any link the server issues' })
  async download(
    @Param('id', ParseObjectIdPipe) id: string,
    @Query() query: SignedDownloadQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const { attachment, content } = await this.attachments.download(id, query.expires, query.signature);
    return downloadResponse(reply, { mimeType: attachment.mime_type, size: attachment.size, sha256: attachment.sha256, fileName: attachment.name }, content);
  }
}
