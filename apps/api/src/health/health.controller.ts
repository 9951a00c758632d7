import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, MongooseHealthIndicator } from '@nestjs/terminus';
import { Public } from '@app/auth';
import { SkipAudit } from '@app/audit';
import { SkipRateLimit } from '@app/common';

@ApiTags('health')
@Controller('health')
@Public()
@SkipAudit()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly mongoose: MongooseHealthIndicator,
  ) {}

  /** The process is up and serving HTTP. */
  @Get('live')
  @SkipRateLimit()
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** The database answers a ping; load balancers route traffic only when this is 200. */
  @Get('ready')
  @SkipRateLimit()
  @HealthCheck()
  ready() {
    return this.health.check([() => this.mongoose.pingCheck('database', { timeout: 2000 })]);
  }
}
