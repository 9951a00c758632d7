import { retryDelayMs } from './webhook-worker.service';

describe('webhook retry delay', () => {
  it('doubles from the base with ±20 % jitter', () => {
    expect(retryDelayMs(1, 1000, () => 0.5)).toBe(1000);
    expect(retryDelayMs(2, 1000, () => 0.5)).toBe(2000);
    expect(retryDelayMs(4, 1000, () => 0.5)).toBe(8000);
    expect(retryDelayMs(3, 1000, () => 0)).toBe(3200);
    expect(retryDelayMs(3, 1000, () => 1)).toBe(4800);
  });

  it('never waits more than an hour (plus jitter)', () => {
    expect(retryDelayMs(30, 30_000, () => 0.5)).toBe(3_600_000);
  });
});
