import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AnyRole, AuthUser, CurrentUser, ApiKeyArea } from '@app/auth';
import { TimeReportQueryDto } from './dto/time-report-query.dto';
import { TimeReportResponse } from './dto/time-report.response';
import { TimeReportsService } from './time-reports.service';

@ApiTags('reports')
@ApiKeyArea('tasks')
@Controller('reports')
export class TimeReportsController {
  constructor(private readonly reports: TimeReportsService) {}

  /** Minutes tracked per user or per project in [from, to); managers and admins see everyone, others their own time. */
  @Get('time-tracked')
  @AnyRole()
  timeTracked(@Query() query: TimeReportQueryDto, @CurrentUser() user: AuthUser): Promise<TimeReportResponse> {
    return this.reports.timeTracked(query, user);
  }
}
