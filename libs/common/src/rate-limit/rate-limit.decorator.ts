import { RouteConfig } from '@nestjs/platform-fastify';

/** Named limits on top of the global per-client ceiling; each has its RATE_LIMIT_<NAME>_PER_MINUTE setting. */
export type RateLimitBucket = 'login' | 'refresh' | 'change_password' | 'uploads';

/** The Fastify route config key the rate-limit hook reads (it runs before Nest, so it cannot read Nest metadata). */
export const RATE_LIMIT_ROUTE_CONFIG = 'rateLimit';

/**
 * Counts the route in `bucket` as well as in the global ceiling. `uploads` counts only
 * multipart requests (a message posted as JSON is not an upload).
 */
export const RateLimit = (bucket: RateLimitBucket) => RouteConfig({ [RATE_LIMIT_ROUTE_CONFIG]: bucket });

/** Never limited, not even by the global ceiling: probes a load balancer or scraper calls. */
export const SkipRateLimit = () => RouteConfig({ [RATE_LIMIT_ROUTE_CONFIG]: false });
