import { Module } from '@nestjs/common';
import { RateLimiter } from './rate-limiter';
import { RateLimitStore } from './rate-limit.store';

/** Per-client request counts shared by every API instance (the HTTP app installs the hook: installRateLimit). */
@Module({
  providers: [RateLimitStore, RateLimiter],
  exports: [RateLimitStore, RateLimiter],
})
export class RateLimitModule {}
