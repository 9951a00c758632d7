import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ParseObjectIdPipe } from '@app/common';
import { Role, Roles, ApiKeyArea } from '@app/auth';
import { ProjectFinancialsQueryDto, ServiceUsageQueryDto } from './dto/project-report-query.dto';
import { ProjectFinancialsReportResponse, ProjectFinancialsRow } from './dto/project-financials.response';
import { ServiceUsageReportResponse } from './dto/service-usage.response';
import { RevenueByMonthQueryDto } from './dto/revenue-query.dto';
import { RevenueByMonthReportResponse } from './dto/revenue-by-month.response';
import { ProjectReportsService } from './project-reports.service';

@ApiTags('reports')
@ApiKeyArea('projects')
@Controller('reports')
export class ProjectReportsController {
  constructor(private readonly reports: ProjectReportsService) {}

  /** Services by name and by category: distinct projects, count, revenue. Cancelled services are left out unless `status=cancelled`. */
  @Get('service-usage')
  @Roles(Role.Admin, Role.Manager)
  serviceUsage(@Query() query: ServiceUsageQueryDto): Promise<ServiceUsageReportResponse> {
    return this.reports.serviceUsage(query);
  }

  /** Per project: budget, paid, balance due, billed recurring periods and paid upsells; totals per currency. */
  @Get('project-financials')
  @Roles(Role.Admin, Role.Manager)
  projectFinancials(@Query() query: ProjectFinancialsQueryDto): Promise<ProjectFinancialsReportResponse> {
    return this.reports.projectFinancials(query);
  }

  /** Revenue per month and currency: recurring billing (by billed_at) and paid upsells (by paid_at). */
  @Get('revenue-by-month')
  @Roles(Role.Admin, Role.Manager)
  revenueByMonth(@Query() query: RevenueByMonthQueryDto): Promise<RevenueByMonthReportResponse> {
    return this.reports.revenueByMonth(query);
  }

  @Get('project-financials/:projectId')
  @Roles(Role.Admin, Role.Manager)
  projectFinancialsFor(@Param('projectId', ParseObjectIdPipe) projectId: string): Promise<ProjectFinancialsRow> {
    return this.reports.projectFinancialsFor(projectId);
  }
}
