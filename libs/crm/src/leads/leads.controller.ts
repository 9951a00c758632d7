import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiPageResponse, PageResponse, ParseObjectIdPipe, toResponse, toResponseList, ApiListQuery, ApiErrors } from '@app/common';
import { AuthUser, CurrentUser, Roles, ApiKeyArea } from '@app/auth';
import { Audited } from '@app/audit';
import { SALES_TEAM, SUPERVISORS } from '../shared/crm-roles';
import { PopulateQueryDto } from '../shared/populate-query.dto';
import { ConvertLeadDto } from './dto/convert-lead.dto';
import { CreateLeadDto } from './dto/create-lead.dto';
import { LeadQueryDto, LEAD_LIST_SPEC } from './dto/lead-query.dto';
import { LeadConversionResponse, LeadResponse } from './dto/lead.response';
import { UpdateLeadDto } from './dto/update-lead.dto';
import { LeadConversionService } from './lead-conversion.service';
import { LeadsService } from './leads.service';

/** Sales users see and edit only their own leads (another agent's lead is 404); managers and admins all. */
@ApiTags('leads')
@Audited('lead', 'Lead')
@ApiKeyArea('crm')
@Controller('leads')
export class LeadsController {
  constructor(
    private readonly leads: LeadsService,
    private readonly conversion: LeadConversionService,
  ) {}

  /** Starts as `new`. A sales user's lead is their own; assigning an agent notifies them. */
  @Post()
  @Roles(...SALES_TEAM)
  async create(@Body() dto: CreateLeadDto, @CurrentUser() user: AuthUser): Promise<LeadResponse> {
    return toResponse(LeadResponse, await this.leads.create(dto, user));
  }

  /** Filters: status, priority, source, agent_id, follow_up_before, created_from/created_to, search; `?populate=agent,customer,directory`. */
  @Get()
  @Roles(...SALES_TEAM)
  @ApiPageResponse(LeadResponse, LEAD_LIST_SPEC)
  async list(@Query() query: LeadQueryDto, @CurrentUser() user: AuthUser): Promise<PageResponse<LeadResponse>> {
    const page = await this.leads.list(query, user);
    return { ...page, data: toResponseList(LeadResponse, page.data) };
  }

  @Get(':id')
  @Roles(...SALES_TEAM)
  @ApiListQuery(LEAD_LIST_SPEC)
  async get(@Param('id', ParseObjectIdPipe) id: string, @Query() query: PopulateQueryDto, @CurrentUser() user: AuthUser): Promise<LeadResponse> {
    return toResponse(LeadResponse, await this.leads.findOne(id, user, query.populate));
  }

  /** Status moves one pipeline stage at a time (409 lists the allowed next states); reassignment (managers, admins) notifies the new agent. */
  @Patch(':id')
  @ApiErrors({ 409: 'An illegal status transition (`details[0].allowed` lists the allowed next states), or the status changed meanwhile' })
  @Roles(...SALES_TEAM)
  async update(@Param('id', ParseObjectIdPipe) id: string, @Body() dto: UpdateLeadDto, @CurrentUser() user: AuthUser): Promise<LeadResponse> {
    return toResponse(LeadResponse, await this.leads.update(id, dto, user));
  }

  /** Soft delete; converted leads are kept (409). `POST /leads/:id/restore` undoes it. */
  @Delete(':id')
  @ApiErrors({ 409: 'A converted lead is kept as the origin of its customer' })
  @Roles(...SALES_TEAM)
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@Param('id', ParseObjectIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<void> {
    await this.leads.remove(id, user);
  }

  @Post(':id/restore')
  @Roles(...SUPERVISORS)
  @HttpCode(HttpStatus.OK)
  async restore(@Param('id', ParseObjectIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<LeadResponse> {
    return toResponse(LeadResponse, await this.leads.restore(id, user));
  }

  /**
   * Converts a lead in negotiation (or already won) into a customer, and optionally its first
   * project; the lead becomes won. Idempotent: calling it again returns the same customer and project.
   */
  @Post(':id/convert')
  @ApiErrors({ 409: 'The lead is not in negotiation or won (`details[0].allowed` lists its allowed next states), or its customer was deleted' })
  @Roles(...SALES_TEAM)
  @HttpCode(HttpStatus.OK)
  async convert(@Param('id', ParseObjectIdPipe) id: string, @Body() dto: ConvertLeadDto, @CurrentUser() user: AuthUser): Promise<LeadConversionResponse> {
    return this.conversion.convert(id, dto, user);
  }
}
