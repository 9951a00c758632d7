import { accountDelay } from './login-attempts.service';

describe('accountDelay (the per-account progressive delay)', () => {
  const limits = { maxPerClient: 5, windowMs: 15 * 60_000, accountDelayMaxMs: 5000 };

  it('costs nothing while the account has had fewer failures than one client may make', () => {
    expect([0, 1, 4].map((earlier) => accountDelay(earlier, limits))).toEqual([0, 0, 0]);
  });

  it('then waits 250 ms, doubling per failure, up to LOGIN_ACCOUNT_DELAY_MAX_MS', () => {
    expect([5, 6, 7, 8, 9, 10, 1000].map((earlier) => accountDelay(earlier, limits))).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
  });

  it('is off when LOGIN_ACCOUNT_DELAY_MAX_MS is 0', () => {
    expect(accountDelay(50, { ...limits, accountDelayMaxMs: 0 })).toBe(0);
  });
});
