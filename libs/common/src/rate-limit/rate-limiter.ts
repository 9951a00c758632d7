import { Injectable, Logger } from '@nestjs/common';
import { isIPv6 } from 'net';
import { AppConfig } from '@app/config';
import { DatabaseCapabilities } from '@app/database';
import type { RateLimitBucket } from './rate-limit.decorator';
import { RateLimitStore } from './rate-limit.store';

export const RATE_LIMIT_WINDOW_MS = 60_000;
const GLOBAL_BUCKET = 'all';

/** The bucket closest to its limit (the one a client must respect), as the RateLimit-* headers report it. */
export interface RateLimitDecision {
  allowed: boolean;
  bucket: string;
  limit: number;
  remaining: number;
  /** Seconds until the window ends and the counts start again. */
  resetSeconds: number;
}

/**
 * Fixed one-minute windows per client, counted in MongoDB (RateLimitStore) so several API
 * instances share them. One round trip per request: the global ceiling and the route's own bucket
 * are two counters of the same document.
 */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger(RateLimiter.name);
  private nextPurgeAt = 0;

  constructor(
    private readonly store: RateLimitStore,
    private readonly config: AppConfig,
    private readonly capabilities: DatabaseCapabilities,
  ) {}

  get enabled(): boolean {
    return this.config.rateLimit.enabled;
  }

  /** Counts one request of `client` (its IP) against the global ceiling and `bucket`; undefined when nothing limits it. */
  async consume(client: string, bucket: RateLimitBucket | undefined, now = Date.now()): Promise<RateLimitDecision | undefined> {
    const { globalPerMinute, perMinute } = this.config.rateLimit;
    const limits: Record<string, number> = {};
    if (globalPerMinute > 0) limits[GLOBAL_BUCKET] = globalPerMinute;
    if (bucket) limits[bucket] = perMinute[bucket];
    const buckets = Object.keys(limits);
    if (buckets.length === 0) return undefined;

    const windowStart = Math.floor(now / RATE_LIMIT_WINDOW_MS) * RATE_LIMIT_WINDOW_MS;
    const windowEnd = windowStart + RATE_LIMIT_WINDOW_MS;
    let counts: Record<string, number>;
    try {
      counts = await this.store.hit(`${clientKey(client)}|${windowStart}`, buckets, new Date(windowEnd));
    } catch (error) {
      // Fail open: a counter outage must not turn every request into an error.
      this.logger.warn({ err: error }, 'rate-limit counter unavailable; request let through');
      return undefined;
    }
    this.purgeLazily(now);
    const resetSeconds = Math.max(1, Math.ceil((windowEnd - now) / 1000));
    const decisions = buckets.map((name) => ({ bucket: name, limit: limits[name], count: counts[name] ?? 1 }));
    const tightest = decisions.reduce((a, b) => (b.limit - b.count < a.limit - a.count ? b : a));
    return {
      allowed: decisions.every((d) => d.count <= d.limit),
      bucket: tightest.bucket,
      limit: tightest.limit,
      remaining: Math.max(0, tightest.limit - tightest.count),
      resetSeconds,
    };
  }

  /** The embedded engine ignores TTL indexes: drop ended windows ourselves, at most once a window per instance, off the request path. */
  private purgeLazily(now: number): void {
    if (this.capabilities.ttlIndexes || now < this.nextPurgeAt) return;
    this.nextPurgeAt = now + RATE_LIMIT_WINDOW_MS;
    this.store.purgeExpired(new Date(now)).catch((error: unknown) => this.logger.warn({ err: error }, 'rate-limit purge failed'));
  }
}

/**
 * What one client is: its IPv4 address, or the /64 of an IPv6 address (one subscriber usually
 * holds a whole /64, so counting single IPv6 addresses would give each attacker billions of keys).
 */
export function clientKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!isIPv6(ip)) return ip;
  const [head, tail = ''] = ip.toLowerCase().split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups] : headGroups;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
