import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '@app/auth';
import { BILLING_WRITERS } from '../billing-roles';
import { BillingReportsService } from './billing-reports.service';
import { AgingQueryDto, InvoiceRevenueQueryDto } from './dto/billing-report.dto';
import { AgingReportResponse, InvoiceRevenueReportResponse } from './dto/billing-report.response';
import { ApiBillingErrors } from '../api-errors';

@ApiTags('billing')
@ApiBillingErrors()
@Controller('reports')
export class BillingReportsController {
  constructor(private readonly reports: BillingReportsService) {}

  /** Accounts receivable: open amounts per currency by days past due (current, 1–30, 31–60, 61–90, 90+). */
  @Get('ar-aging')
  @Roles(...BILLING_WRITERS)
  aging(@Query() query: AgingQueryDto): Promise<AgingReportResponse> {
    return this.reports.aging(query.as_of);
  }

  /** Per UTC month and currency: issued invoices by issue date (net, tax, gross) and credit notes; revenue = net − credited. */
  @Get('invoice-revenue')
  @Roles(...BILLING_WRITERS)
  revenue(@Query() query: InvoiceRevenueQueryDto): Promise<InvoiceRevenueReportResponse> {
    return this.reports.revenueByMonth(query.from, query.to);
  }
}
