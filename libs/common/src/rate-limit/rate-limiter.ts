import { Injectable, Logger } from '@nestjs/common';
import { isIPv6 } from 'net';
import { AppConfig } from '@app/config';
import { DatabaseCapabilities } from '@app/database';
import type { RateLimitBucket } from './rate-limit.decorator';
import { RateLimitStore } from './rate-limit.store';

export const RATE_LIMIT_WINDOW_MS = 60_000;
const GLOBAL_BUCKET = 'all';
/** Largest number of global-ceiling hits one instance counts locally before writing them. */
const MAX_BATCH = 25;
/** Local hits older than this are written with the client's next request, so other instances see them soon. */
const MAX_UNSYNCED_MS = 1000;
/** Past this many clients in one window, new clients are counted exactly (the tallies' memory stays bounded). */
const MAX_TALLIES = 50_000;

/** The bucket closest to its limit (the one a client must respect), as the RateLimit-* headers report it. */
export interface RateLimitDecision {
  allowed: boolean;
  bucket: string;
  limit: number;
  remaining: number;
  /** Seconds until the window ends and the counts start again. */
  resetSeconds: number;
}

/** One client's global-ceiling hits in the current window as this instance knows them. */
interface Tally {
  /** The highest shared count the database returned (counts only grow in a window); undefined before the first. */
  shared: number | undefined;
  /** Hits counted here and not yet written. */
  pending: number;
  /** Hits being written right now. */
  writing: number;
  syncedAt: number;
  flushing: boolean;
}

/**
 * Fixed one-minute windows per client, counted in MongoDB (RateLimitStore) so several API
 * instances share them. A route with its own bucket (sign-in, uploads…) is counted exactly, one
 * round trip per request: the global ceiling and the route's bucket are two counters of one
 * document. The global ceiling alone — every other request — is counted in batches: far from the
 * limit an instance adds hits locally and writes them together (at most MAX_BATCH, and at most 5 %
 * of the room left, or after MAX_UNSYNCED_MS), so most requests cost no round trip; within 20
 * requests of the limit every request is exact again. Another instance may not yet see up to one
 * batch of this one's hits: the ceiling can be passed by at most 5 % of the room per extra
 * instance — a fair price for a ceiling whose job is stopping floods, not counting exactly.
 */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger(RateLimiter.name);
  private nextPurgeAt = 0;
  private tallies = new Map<string, Tally>();
  private talliesWindow = 0;

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
    if (Object.keys(limits).length === 0) return undefined;

    const windowStart = Math.floor(now / RATE_LIMIT_WINDOW_MS) * RATE_LIMIT_WINDOW_MS;
    const windowEnd = windowStart + RATE_LIMIT_WINDOW_MS;
    const resetSeconds = Math.max(1, Math.ceil((windowEnd - now) / 1000));
    const key = `${clientKey(client)}|${windowStart}`;
    const tally = limits[GLOBAL_BUCKET] ? this.tallyFor(key, windowStart, now) : undefined;

    if (tally?.shared !== undefined && !bucket) {
      const estimate = tally.shared + tally.writing + tally.pending + 1;
      const batch = batchSize(globalPerMinute - estimate);
      if (batch > 1) {
        tally.pending++;
        if (tally.pending >= batch || now - tally.syncedAt >= MAX_UNSYNCED_MS) this.flushInBackground(key, tally, windowEnd, now);
        return { allowed: true, bucket: GLOBAL_BUCKET, limit: globalPerMinute, remaining: globalPerMinute - estimate, resetSeconds };
      }
    }

    // Exact: this request's hits (and the global hits counted here so far) in one atomic write.
    const carried = tally ? tally.pending : 0;
    const hits = Object.fromEntries(Object.keys(limits).map((name) => [name, name === GLOBAL_BUCKET ? 1 + carried : 1]));
    if (tally) {
      tally.pending = 0;
      tally.writing += hits[GLOBAL_BUCKET];
    }
    let counts: Record<string, number>;
    try {
      counts = await this.store.hit(key, hits, new Date(windowEnd));
    } catch (error) {
      // Fail open: a counter outage must not turn every request into an error.
      if (tally) tally.pending += carried;
      this.logger.warn({ err: error }, 'rate-limit counter unavailable; request let through');
      return undefined;
    } finally {
      if (tally) tally.writing -= hits[GLOBAL_BUCKET];
    }
    if (tally) this.synced(tally, counts[GLOBAL_BUCKET], now);
    this.purgeLazily(now);
    const decisions = Object.entries(limits).map(([name, limit]) => ({ bucket: name, limit, count: counts[name] ?? 1 }));
    const tightest = decisions.reduce((a, b) => (b.limit - b.count < a.limit - a.count ? b : a));
    return {
      allowed: decisions.every((d) => d.count <= d.limit),
      bucket: tightest.bucket,
      limit: tightest.limit,
      remaining: Math.max(0, tightest.limit - tightest.count),
      resetSeconds,
    };
  }

  /** This window's tally of `key`, created on its first request; undefined past MAX_TALLIES (then counted exactly). */
  private tallyFor(key: string, windowStart: number, now: number): Tally | undefined {
    if (windowStart !== this.talliesWindow) {
      // A new window: the old counts no longer limit anyone (their unwritten hits go with them).
      this.tallies = new Map();
      this.talliesWindow = windowStart;
    }
    let tally = this.tallies.get(key);
    if (!tally && this.tallies.size < MAX_TALLIES) {
      // The shared count is unknown until a first exact request reads it.
      tally = { shared: undefined, pending: 0, writing: 0, syncedAt: now, flushing: false };
      this.tallies.set(key, tally);
    }
    return tally;
  }

  private synced(tally: Tally, sharedCount: number | undefined, now: number): void {
    if (sharedCount !== undefined) tally.shared = Math.max(tally.shared ?? 0, sharedCount);
    tally.syncedAt = now;
  }

  /** Writes the locally counted hits without holding up the request; on failure they stay pending. */
  private flushInBackground(key: string, tally: Tally, windowEnd: number, now: number): void {
    if (tally.flushing) return;
    const count = tally.pending;
    tally.flushing = true;
    tally.pending = 0;
    tally.writing += count;
    this.store
      .hit(key, { [GLOBAL_BUCKET]: count }, new Date(windowEnd))
      .then((counts) => this.synced(tally, counts[GLOBAL_BUCKET], now))
      .catch((error: unknown) => {
        tally.pending += count;
        this.logger.warn({ err: error }, 'rate-limit counter unavailable; hits kept to write later');
      })
      .finally(() => {
        tally.writing -= count;
        tally.flushing = false;
      });
    this.purgeLazily(now);
  }

  /** The embedded engine ignores TTL indexes: drop ended windows ourselves, at most once a window per instance, off the request path. */
  private purgeLazily(now: number): void {
    if (this.capabilities.ttlIndexes || now < this.nextPurgeAt) return;
    this.nextPurgeAt = now + RATE_LIMIT_WINDOW_MS;
    this.store.purgeExpired(new Date(now)).catch((error: unknown) => this.logger.warn({ err: error }, 'rate-limit purge failed'));
  }
}

/** How many global hits may be counted locally with `room` requests left: 5 % of the room, 1 (exact) within 20 of the limit. */
export function batchSize(room: number): number {
  return Math.max(1, Math.min(MAX_BATCH, Math.floor(room / 20)));
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
