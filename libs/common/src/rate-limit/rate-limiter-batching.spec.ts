import { Logger } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import type { DatabaseCapabilities } from '@app/database';
import { batchSize, RateLimiter } from './rate-limiter';
import type { RateLimitStore } from './rate-limit.store';

/** The store's contract in memory: atomic adds per key, counts after the add; every call recorded. */
class MemoryStore {
  readonly counts = new Map<string, Record<string, number>>();
  readonly calls: Record<string, number>[] = [];
  failing = false;

  async hit(key: string, hits: Record<string, number>): Promise<Record<string, number>> {
    await Promise.resolve();
    if (this.failing) throw new Error('counter down');
    this.calls.push(hits);
    const counts = { ...(this.counts.get(key) ?? {}) };
    for (const [bucket, n] of Object.entries(hits)) counts[bucket] = (counts[bucket] ?? 0) + n;
    this.counts.set(key, counts);
    return counts;
  }

  async purgeExpired(): Promise<number> {
    return 0;
  }
}

function limiter(store: MemoryStore, globalPerMinute: number): RateLimiter {
  const config = { rateLimit: { enabled: true, globalPerMinute, perMinute: { login: 5 } } } as unknown as AppConfig;
  return new RateLimiter(store as unknown as RateLimitStore, config, { ttlIndexes: true } as DatabaseCapabilities);
}

const NOW = 1_800_000_000_000; // the start of a window: every call below falls in the same minute
const flushed = () => new Promise((resolve) => setImmediate(resolve));

describe('RateLimiter: the global ceiling counted in batches', () => {
  // The outage case logs a warning per failed write; that is the behaviour, not noise to read here.
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(new Logger()));

  it('far from the limit, most requests cost no round trip, and every hit is written', async () => {
    const store = new MemoryStore();
    const rateLimiter = limiter(store, 1200);
    const remaining: number[] = [];
    for (let i = 0; i < 200; i++) {
      const decision = await rateLimiter.consume('203.0.113.7', undefined, NOW + i);
      remaining.push(decision!.remaining);
      await flushed();
    }
    expect(store.calls.length).toBeLessThan(20);
    // One instance sees its own hits exactly: the header counts down one by one.
    expect(remaining).toEqual(Array.from({ length: 200 }, (_, i) => 1199 - i));
    // The last batch is still local; the next exact request (a route bucket) carries it.
    await rateLimiter.consume('203.0.113.7', 'login', NOW + 500);
    expect(store.counts.get(`203.0.113.7|${NOW}`)).toEqual({ all: 201, login: 1 });
  });

  it('within 20 requests of the limit every request is exact, and the 41st of 40 is refused', async () => {
    const store = new MemoryStore();
    const rateLimiter = limiter(store, 40);
    const allowed: boolean[] = [];
    for (let i = 0; i < 41; i++) allowed.push((await rateLimiter.consume('203.0.113.7', undefined, NOW + i))!.allowed);
    expect(store.calls).toHaveLength(41);
    expect(allowed.slice(0, 40).every(Boolean)).toBe(true);
    expect(allowed[40]).toBe(false);
  });

  it('sees another instance at its next write: the shared count, not only its own', async () => {
    const store = new MemoryStore();
    const [a, b] = [limiter(store, 1200), limiter(store, 1200)];
    await a.consume('203.0.113.7', undefined, NOW);
    for (let i = 0; i < 100; i++) await b.consume('203.0.113.7', 'login', NOW + i).catch(() => undefined);
    const exact = await a.consume('203.0.113.7', 'login', NOW + 200);
    expect(store.counts.get(`203.0.113.7|${NOW}`)!.all).toBe(102);
    expect(exact!.bucket).toBe('login');
  });

  it('keeps locally counted hits when the counter is down, and writes them once it is back', async () => {
    const store = new MemoryStore();
    const rateLimiter = limiter(store, 1200);
    await rateLimiter.consume('203.0.113.7', undefined, NOW);
    store.failing = true;
    for (let i = 1; i <= 60; i++) {
      await rateLimiter.consume('203.0.113.7', undefined, NOW + i);
      await flushed();
    }
    store.failing = false;
    await rateLimiter.consume('203.0.113.7', 'login', NOW + 100);
    expect(store.counts.get(`203.0.113.7|${NOW}`)!.all).toBe(62);
  });

  it('batches at most 5 % of the room left, and never within 20 of the limit', () => {
    expect(batchSize(1200)).toBe(25);
    expect(batchSize(200)).toBe(10);
    expect(batchSize(39)).toBe(1);
    expect(batchSize(-5)).toBe(1);
  });
});
