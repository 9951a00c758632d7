import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles, ApiKeyArea } from '@app/auth';
import { SUPERVISORS } from '../shared/crm-roles';
import { UpsellRevenueQueryDto } from './dto/upsell-revenue-query.dto';
import { UpsellRevenueReportResponse } from './dto/upsell-revenue.response';
import { UpsellRevenueService } from './upsell-revenue.service';

@ApiTags('reports')
@ApiKeyArea('crm')
@Controller('reports')
export class UpsellReportsController {
  constructor(private readonly revenue: UpsellRevenueService) {}

  /** Upsell revenue by month (of payment), by agent and by payment status, per currency; `from`/`to` select by sale date. */
  @Get('upsell-revenue')
  @Roles(...SUPERVISORS)
  @ApiOkResponse({ type: UpsellRevenueReportResponse })
  upsellRevenue(@Query() query: UpsellRevenueQueryDto): Promise<UpsellRevenueReportResponse> {
    return this.revenue.report(query);
  }
}
