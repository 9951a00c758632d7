import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiPayloadTooLargeResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ALL_ROLES, AnyRole, AuthUser, CurrentUser, ApiKeyArea } from '@app/auth';
import { Audited, SkipAudit } from '@app/audit';
import { ApiPageResponse, ErrorResponse, PageResponse, ParseObjectIdPipe, RateLimit, toResponse, toResponseList } from '@app/common';
import { ApiDownloadResponse, downloadResponse } from '../download/download-reply';
import { FileQueryDto, FILE_LIST_SPEC } from './dto/file-query.dto';
import { FileResponse } from './dto/file.response';
import { FILE_MODEL } from './file.schema';
import { FilesService } from './files.service';

@ApiTags('files')
@Audited('file', FILE_MODEL)
@ApiKeyArea('files')
@Controller()
export class FilesController {
  constructor(private readonly files: FilesService) {}

  /** Upload one file to a project (multipart). Its type is detected from the content. */
  @Post('projects/:projectId/files')
  @RateLimit('uploads')
  @AnyRole()
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'The content. Its type is detected from its bytes; the part Content-Type is ignored.' },
        allowed_roles: {
          type: 'array',
          items: { type: 'string', enum: ALL_ROLES },
          description: 'Roles that may see the file (repeat the field or comma-separate). Default: every role. Admins and the uploader always see it.',
        },
      },
    },
  })
  @ApiCreatedResponse({ type: FileResponse })
  @ApiPayloadTooLargeResponse({ type: ErrorResponse, description: 'Larger than FILE_MAX_BYTES; nothing is kept' })
  async upload(@Param('projectId', ParseObjectIdPipe) projectId: string, @CurrentUser() user: AuthUser, @Req() request: FastifyRequest): Promise<FileResponse> {
    return toResponse(FileResponse, await this.files.upload(projectId, user, request));
  }

  @Get('projects/:projectId/files')
  @AnyRole()
  @ApiPageResponse(FileResponse, FILE_LIST_SPEC)
  async list(@Param('projectId', ParseObjectIdPipe) projectId: string, @Query() query: FileQueryDto, @CurrentUser() user: AuthUser): Promise<PageResponse<FileResponse>> {
    const page = await this.files.list(projectId, user, query);
    return { ...page, data: toResponseList(FileResponse, page.data as Record<string, unknown>[]) };
  }

  @Get('files/:id')
  @AnyRole()
  async get(@Param('id', ParseObjectIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<FileResponse> {
    return toResponse(FileResponse, await this.files.findVisible(id, user));
  }

  /** The content, streamed, with its detected type; the read is recorded in the audit trail. */
  @Get('files/:id/download')
  @AnyRole()
  @SkipAudit()
  // The bytes are documented on the 200 only: errors stay application/json (ErrorResponse).
  @ApiDownloadResponse()
  async download(@Param('id', ParseObjectIdPipe) id: string, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    const { file, content } = await this.files.download(id, user);
    return downloadResponse(reply, { mimeType: file.mime_type, size: file.size, sha256: file.sha256, fileName: file.original_name }, content);
  }

  /** Removes the file (uploader, project manager, managers, admins). */
  @Delete('files/:id')
  @AnyRole()
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@Param('id', ParseObjectIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<void> {
    await this.files.remove(id, user);
  }
}
