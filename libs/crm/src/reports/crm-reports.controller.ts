import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles, ApiKeyArea } from '@app/auth';
import { SUPERVISORS } from '../shared/crm-roles';
import { CrmReportsService } from './crm-reports.service';
import { DirectoryConversionsQueryDto, SalesPipelineQueryDto } from './dto/crm-report-query.dto';
import { DirectoryConversionsReportResponse } from './dto/directory-conversions.response';
import { SalesPipelineReportResponse } from './dto/sales-pipeline.response';

/** Read-only sales reports for managers and admins (nothing to audit: the interceptor records writes). */
@ApiTags('reports')
@ApiKeyArea('crm')
@Controller('reports')
export class CrmReportsController {
  constructor(private readonly reports: CrmReportsService) {}

  /** Leads by status and by agent: count and estimated value. Filters: created_from/created_to, agent_id, source, priority. */
  @Get('sales-pipeline')
  @Roles(...SUPERVISORS)
  salesPipeline(@Query() query: SalesPipelineQueryDto, @CurrentUser() user: AuthUser): Promise<SalesPipelineReportResponse> {
    return this.reports.salesPipeline(query, user);
  }

  /** Business-directory agent performance: prospects contacted, converted and conversion rate per agent. Filters: created_from/created_to, industry, country. */
  @Get('directory-conversions')
  @Roles(...SUPERVISORS)
  directoryConversions(@Query() query: DirectoryConversionsQueryDto, @CurrentUser() user: AuthUser): Promise<DirectoryConversionsReportResponse> {
    return this.reports.directoryConversions(query, user);
  }
}
