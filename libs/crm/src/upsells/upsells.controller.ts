import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiPageResponse, PageResponse, ParseObjectIdPipe, toResponse, toResponseList, ApiListQuery, ApiErrors } from '@app/common';
import { AuthUser, CurrentUser, Roles, ApiKeyArea } from '@app/auth';
import { Audited } from '@app/audit';
import { SALES_TEAM } from '../shared/crm-roles';
import { PopulateQueryDto } from '../shared/populate-query.dto';
import { CreateUpsellDto } from './dto/create-upsell.dto';
import { UpdateUpsellDto } from './dto/update-upsell.dto';
import { UpsellQueryDto, UPSELL_LIST_SPEC } from './dto/upsell-query.dto';
import { UpsellResponse } from './dto/upsell.response';
import { UpsellsService } from './upsells.service';

const asPage = (page: PageResponse): PageResponse<UpsellResponse> => ({ ...page, data: toResponseList(UpsellResponse, page.data as Record<string, unknown>[]) });

/**
 * Upsells of a project: admins, managers and sales users who can see the project (others get 404);
 * sales users change only the upsells they sold, and only managers and admins refund.
 */
@ApiTags('upsells')
@Audited('upsell', 'Upsell')
@ApiKeyArea('crm')
@Controller()
export class UpsellsController {
  constructor(private readonly upsells: UpsellsService) {}

  /** Created pending, in the project's currency unless `currency` is given; the customer is the project's. */
  @Post('projects/:projectId/upsells')
  @Roles(...SALES_TEAM)
  async create(@Param('projectId', ParseObjectIdPipe) projectId: string, @Body() dto: CreateUpsellDto, @CurrentUser() user: AuthUser): Promise<UpsellResponse> {
    return toResponse(UpsellResponse, await this.upsells.create(projectId, dto, user));
  }

  /** Filters: payment_status, sold_by, currency, created_from/created_to; `?populate=seller,project,customer`. */
  @Get('projects/:projectId/upsells')
  @Roles(...SALES_TEAM)
  @ApiPageResponse(UpsellResponse, UPSELL_LIST_SPEC)
  async listForProject(
    @Param('projectId', ParseObjectIdPipe) projectId: string,
    @Query() query: UpsellQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<PageResponse<UpsellResponse>> {
    return asPage(await this.upsells.listForProject(projectId, query, user));
  }

  /** Upsells of every project the caller may see; filters as on the project route plus project_id and customer_id. */
  @Get('upsells')
  @Roles(...SALES_TEAM)
  @ApiPageResponse(UpsellResponse, UPSELL_LIST_SPEC)
  async list(@Query() query: UpsellQueryDto, @CurrentUser() user: AuthUser): Promise<PageResponse<UpsellResponse>> {
    return asPage(await this.upsells.list(query, user));
  }

  @Get('upsells/:id')
  @Roles(...SALES_TEAM)
  @ApiListQuery(UPSELL_LIST_SPEC)
  async get(@Param('id', ParseObjectIdPipe) id: string, @Query() query: PopulateQueryDto, @CurrentUser() user: AuthUser): Promise<UpsellResponse> {
    return toResponse(UpsellResponse, await this.upsells.findOne(id, user, query.populate));
  }

  /** payment_status: pending → paid | failed, paid → refunded (else 409 with the allowed states); paid stamps paid_at and notifies the project manager. */
  @Patch('upsells/:id')
  @ApiErrors({ 409: 'An illegal payment_status transition (`details[0].allowed` lists the allowed next states), money on a paid or refunded upsell, or a change meanwhile' })
  @Roles(...SALES_TEAM)
  async update(@Param('id', ParseObjectIdPipe) id: string, @Body() dto: UpdateUpsellDto, @CurrentUser() user: AuthUser): Promise<UpsellResponse> {
    return toResponse(UpsellResponse, await this.upsells.update(id, dto, user));
  }

  /** Soft delete of a pending or failed upsell; paid and refunded ones are revenue on record (409). */
  @Delete('upsells/:id')
  @ApiErrors({ 409: 'A paid or refunded upsell is revenue on record' })
  @Roles(...SALES_TEAM)
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@Param('id', ParseObjectIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<void> {
    await this.upsells.remove(id, user);
  }
}
