import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, MongooseHealthIndicator } from '@nestjs/terminus';
import { Public } from '@app/auth';
import { SkipAudit } from '@app/audit';
import { SkipRateLimit } from '@app/common';
import { DatabaseAvailability } from '@app/database';
import { GracefulShutdown } from './graceful-shutdown.service';

@ApiTags('health')
@Controller('health')
@Public()
@SkipAudit()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly mongoose: MongooseHealthIndicator,
    private readonly availability: DatabaseAvailability,
    private readonly shutdown: GracefulShutdown,
  ) {}

  /** The process is up and serving HTTP (a database outage does not make it restart). */
  @Get('live')
  @SkipRateLimit()
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** Not shutting down and the database answers a ping; load balancers route traffic only when this is 200. */
  @Get('ready')
  @SkipRateLimit()
  @HealthCheck()
  ready() {
    return this.health.check([
      () => (this.shutdown.draining ? this.indicators.check('http').down({ message: 'shutting down' }) : this.indicators.check('http').up()),
      // Known unreachable: say so at once instead of waiting out the ping's timeout.
      () => (this.availability.available ? this.mongoose.pingCheck('database', { timeout: 2000 }) : this.indicators.check('database').down({ message: 'unreachable' })),
    ]);
  }
}
