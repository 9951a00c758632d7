import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiPageResponse, PageResponse, ParseObjectIdPipe, toResponse, toResponseList, ApiListQuery, ApiErrors } from '@app/common';
import { AuthUser, CurrentUser, Roles, ApiKeyArea } from '@app/auth';
import { Audited } from '@app/audit';
import { LeadResponse } from '../leads/dto/lead.response';
import { SALES_TEAM, SUPERVISORS } from '../shared/crm-roles';
import { PopulateQueryDto } from '../shared/populate-query.dto';
import { BusinessDirectoryService } from './business-directory.service';
import { ConvertToLeadDto } from './dto/convert-to-lead.dto';
import { CreateDirectoryEntryDto } from './dto/create-directory-entry.dto';
import { DirectoryConversionResponse, DirectoryEntryResponse } from './dto/directory-entry.response';
import { DirectoryQueryDto, DIRECTORY_LIST_SPEC } from './dto/directory-query.dto';
import { UpdateDirectoryEntryDto } from './dto/update-directory-entry.dto';

/** The shared prospect list: every sales-team member reads it; sales users work the entries assigned to them or unassigned. */
@ApiTags('business directory')
@Audited('business_directory', 'BusinessDirectory')
@ApiKeyArea('crm')
@Controller('business-directory')
export class BusinessDirectoryController {
  constructor(private readonly directory: BusinessDirectoryService) {}

  @Post()
  @Roles(...SALES_TEAM)
  async create(@Body() dto: CreateDirectoryEntryDto, @CurrentUser() user: AuthUser): Promise<DirectoryEntryResponse> {
    return toResponse(DirectoryEntryResponse, await this.directory.create(dto, user));
  }

  /** `?q=` full-text search over name, description and industry (ranked, name matches first); filters industry, country, status, agent_id, created_from/created_to; `?populate=agent,lead`. */
  @Get()
  @Roles(...SALES_TEAM)
  @ApiPageResponse(DirectoryEntryResponse, DIRECTORY_LIST_SPEC)
  async list(@Query() query: DirectoryQueryDto): Promise<PageResponse<DirectoryEntryResponse>> {
    const page = await this.directory.list(query);
    return { ...page, data: toResponseList(DirectoryEntryResponse, page.data) };
  }

  @Get(':id')
  @Roles(...SALES_TEAM)
  @ApiListQuery(DIRECTORY_LIST_SPEC)
  async get(@Param('id', ParseObjectIdPipe) id: string, @Query() query: PopulateQueryDto): Promise<DirectoryEntryResponse> {
    return toResponse(DirectoryEntryResponse, await this.directory.findOne(id, query.populate));
  }

  /** Leaving `new` stamps contacted_at; a converted entry keeps its status (409). */
  @Patch(':id')
  @ApiErrors({ 409: 'A converted prospect stays converted, or its status changed meanwhile' })
  @Roles(...SALES_TEAM)
  async update(@Param('id', ParseObjectIdPipe) id: string, @Body() dto: UpdateDirectoryEntryDto, @CurrentUser() user: AuthUser): Promise<DirectoryEntryResponse> {
    return toResponse(DirectoryEntryResponse, await this.directory.update(id, dto, user));
  }

  /** 409 for a converted entry (it is the origin of a lead). */
  @Delete(':id')
  @ApiErrors({ 409: 'A converted prospect is kept as the origin of its lead' })
  @Roles(...SUPERVISORS)
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@Param('id', ParseObjectIdPipe) id: string): Promise<void> {
    await this.directory.remove(id);
  }

  /**
   * Makes a lead (source business_directory, linked both ways) assigned to the entry's agent, or
   * to the calling sales user. Idempotent: calling it again returns the same lead.
   */
  @Post(':id/convert-to-lead')
  @ApiErrors({ 409: 'The prospect was already converted' })
  @Roles(...SALES_TEAM)
  @HttpCode(HttpStatus.OK)
  async convertToLead(@Param('id', ParseObjectIdPipe) id: string, @Body() dto: ConvertToLeadDto, @CurrentUser() user: AuthUser): Promise<DirectoryConversionResponse> {
    const result = await this.directory.convertToLead(id, dto, user);
    return { already_converted: result.already_converted, entry: toResponse(DirectoryEntryResponse, result.entry), lead: toResponse(LeadResponse, result.lead) };
  }
}
