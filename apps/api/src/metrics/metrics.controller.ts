import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Role, Roles, ApiKeyArea } from '@app/auth';
import { SkipAudit } from '@app/audit';
import { MetricsService } from './metrics.service';

@ApiTags('health')
@ApiKeyArea('metrics')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  /** Prometheus text format. Admins, or an API key with `metrics:read` (what Prometheus scrapes with): metrics reveal traffic and data volumes. */
  @Get()
  @Roles(Role.Admin)
  @SkipAudit()
  // Text on the 200 only: the errors are ErrorResponse JSON like everywhere else.
  @ApiOkResponse({ description: 'Prometheus exposition format 0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } })
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
