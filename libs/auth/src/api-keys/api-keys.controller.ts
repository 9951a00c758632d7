import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiPageResponse, PageResponse, ParseObjectIdPipe, SkipAudit, toResponse, toResponseList } from '@app/common';
import { CurrentUser } from '../decorators/current-user.decorator';
import { Roles } from '../decorators/roles.decorator';
import { AuthUser, Role } from '../role';
import { ApiKeysService } from './api-keys.service';
import { API_KEY_LIST_SPEC, ApiKeyQueryDto } from './dto/api-key-query.dto';
import { ApiKeyResponse, CreatedApiKeyResponse } from './dto/api-key.response';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

/**
 * Admins issue keys for integrations and monitoring. No API-key area: a key can never manage keys.
 * The service writes the audit records itself, without the key or its hash.
 */
@ApiTags('api keys')
@SkipAudit()
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  /** Creates a key with the given scopes; the `key` is in this response only (stored as a SHA-256 hash). */
  @Post()
  @Roles(Role.Admin)
  async create(@Body() dto: CreateApiKeyDto, @CurrentUser() user: AuthUser): Promise<CreatedApiKeyResponse> {
    return toResponse(CreatedApiKeyResponse, await this.keys.create(dto, user));
  }

  /** Every key with its prefix, scopes, expiry and last use; never the key. */
  @Get()
  @Roles(Role.Admin)
  @ApiPageResponse(ApiKeyResponse, API_KEY_LIST_SPEC)
  async list(@Query() query: ApiKeyQueryDto): Promise<PageResponse<ApiKeyResponse>> {
    const page = await this.keys.list(query);
    return { ...page, data: toResponseList(ApiKeyResponse, page.data) };
  }

  /** One key's name, prefix, scopes, expiry and last use; never the key. */
  @Get(':id')
  @Roles(Role.Admin)
  async get(@Param('id', ParseObjectIdPipe) id: string): Promise<ApiKeyResponse> {
    return toResponse(ApiKeyResponse, await this.keys.findById(id));
  }

  /** Revokes the key at once: the next request made with it is a 401. */
  @Delete(':id')
  @Roles(Role.Admin)
  @HttpCode(HttpStatus.OK)
  async revoke(@Param('id', ParseObjectIdPipe) id: string): Promise<ApiKeyResponse> {
    return toResponse(ApiKeyResponse, await this.keys.revoke(id));
  }
}
