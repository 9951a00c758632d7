import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiPageResponse, PageResponse, ParseObjectIdPipe, toResponse, toResponseList, ApiErrors } from '@app/common';
import { AuthUser, CurrentUser, Role, Roles, ApiKeyArea, NoApiKeys } from '@app/auth';
import { Audited, SkipAudit } from '@app/audit';
import { SALES_TEAM } from '../shared/crm-roles';
import { CHARGE_DETAIL_ENTITY, ChargeDetailsService } from './charge-details.service';
import { ChargeDetailQueryDto, CHARGE_DETAIL_LIST_SPEC } from './dto/charge-detail-query.dto';
import { ChargeDetailResponse, RevealedCardResponse } from './dto/charge-detail.response';
import { CreateChargeDetailDto } from './dto/create-charge-detail.dto';
import { RevealChargeDetailDto } from './dto/reveal-charge-detail.dto';
import { UpdateChargeDetailDto } from './dto/update-charge-detail.dto';

/**
 * Customers' cards. Admins, managers and the sales user who owns the customer add, read (masked),
 * change and remove them; only admins reveal a full number, and every reveal is audited.
 */
@ApiTags('charge details')
@Audited(CHARGE_DETAIL_ENTITY, 'ChargeDetail')
@ApiKeyArea('crm')
@Controller()
export class ChargeDetailsController {
  constructor(private readonly cards: ChargeDetailsService) {}

  /** The customer's first card becomes the default; `is_default: true` makes a later one the default. */
  @Post('customers/:customerId/charge-details')
  @ApiErrors({ 409: 'Another change to the customer\'s cards is still being saved' })
  @Roles(...SALES_TEAM)
  async create(
    @Param('customerId', ParseObjectIdPipe) customerId: string,
    @Body() dto: CreateChargeDetailDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ChargeDetailResponse> {
    return toResponse(ChargeDetailResponse, await this.cards.create(customerId, dto, user));
  }

  /** Filter: brand. Masked numbers only. */
  @Get('customers/:customerId/charge-details')
  @Roles(...SALES_TEAM)
  @ApiPageResponse(ChargeDetailResponse, CHARGE_DETAIL_LIST_SPEC)
  async list(
    @Param('customerId', ParseObjectIdPipe) customerId: string,
    @Query() query: ChargeDetailQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<PageResponse<ChargeDetailResponse>> {
    const page = await this.cards.listForCustomer(customerId, query, user);
    return { ...page, data: toResponseList(ChargeDetailResponse, page.data as unknown as Record<string, unknown>[]) };
  }

  @Get('charge-details/:id')
  @Roles(...SALES_TEAM)
  async get(@Param('id', ParseObjectIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<ChargeDetailResponse> {
    return toResponse(ChargeDetailResponse, await this.cards.findOne(id, user));
  }

  /** Holder, expiry, billing address, default. The number and CVV cannot change: add a new card instead. */
  @Patch('charge-details/:id')
  @ApiErrors({ 409: 'Unsetting the default card, or another change to the customer\'s cards is still being saved' })
  @Roles(...SALES_TEAM)
  async update(@Param('id', ParseObjectIdPipe) id: string, @Body() dto: UpdateChargeDetailDto, @CurrentUser() user: AuthUser): Promise<ChargeDetailResponse> {
    return toResponse(ChargeDetailResponse, await this.cards.update(id, dto, user));
  }

  /** Soft delete; when it was the default, the newest remaining card becomes the default. */
  @Delete('charge-details/:id')
  @ApiErrors({ 409: 'Another change to the customer\'s cards is still being saved' })
  @Roles(...SALES_TEAM)
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@Param('id', ParseObjectIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<void> {
    await this.cards.remove(id, user);
  }

  /**
   * The full card number (never the CVV). Needs a second factor no older than 5 minutes: `code` in
   * the body or a `step_up_token` from POST /auth/step-up (403 without, or for a user without
   * two-factor). Audited as a `read` of customer_charge_details; 409 when the stored value fails its integrity check.
   */
  @Post('charge-details/:id/reveal')
  @Roles(Role.Admin)
  @NoApiKeys()
  @SkipAudit()
  @HttpCode(HttpStatus.OK)
  async reveal(@Param('id', ParseObjectIdPipe) id: string, @Body() dto: RevealChargeDetailDto, @CurrentUser() user: AuthUser): Promise<RevealedCardResponse> {
    return toResponse(RevealedCardResponse, await this.cards.reveal(id, user, dto));
  }
}
