import { HttpStatus } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiException } from '../errors/api-exception';
import { RATE_LIMIT_ROUTE_CONFIG, RateLimitBucket } from './rate-limit.decorator';
import { RateLimitDecision, RateLimiter } from './rate-limiter';

/** Headers the browser app may read (CORS exposes them). */
export const RATE_LIMIT_HEADERS = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy', 'Retry-After'];

/**
 * Counts every request in an onRequest hook: before the body is read or parsed, before
 * authentication, and for unmatched routes too. Over the limit: 429 in the error shape with
 * Retry-After; every counted response carries RateLimit-Limit/Remaining/Reset (IETF draft).
 */
export function installRateLimit(fastify: FastifyInstance, limiter: RateLimiter): void {
  if (!limiter.enabled) return;
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const configured = (request.routeOptions.config as unknown as Record<string, unknown> | undefined)?.[RATE_LIMIT_ROUTE_CONFIG] as RateLimitBucket | false | undefined;
    if (configured === false) return;
    const bucket = configured === 'uploads' && !/^multipart\//i.test(request.headers['content-type'] ?? '') ? undefined : configured;
    const decision = await limiter.consume(request.ip, bucket);
    if (!decision) return;
    setHeaders(reply, decision);
    if (!decision.allowed) {
      void reply.header('Retry-After', String(decision.resetSeconds));
      const what = decision.bucket === 'all' ? 'requests' : `${decision.bucket.replace('_', ' ')} requests`;
      throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, `too many ${what} from this client: at most ${decision.limit} a minute; retry in ${decision.resetSeconds} s`);
    }
  });
}

function setHeaders(reply: FastifyReply, decision: RateLimitDecision): void {
  void reply.headers({
    'RateLimit-Limit': String(decision.limit),
    'RateLimit-Remaining': String(decision.remaining),
    'RateLimit-Reset': String(decision.resetSeconds),
    'RateLimit-Policy': `${decision.limit};w=60`,
  });
}
