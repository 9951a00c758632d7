import { isMoney } from './is-money';

describe('isMoney', () => {
  it.each([0, 1, 19.9, 0.29, 1200.5, 123456789.12, 1_000_000_000])('accepts %p', (value) => {
    expect(isMoney(value)).toBe(true);
  });

  it.each([5e-324, 1e-7, 1.005, 0.1 + 0.2, 10.123, Number.NaN, Number.POSITIVE_INFINITY, '12', null, undefined])('rejects %p without throwing', (value) => {
    expect(isMoney(value)).toBe(false);
  });
});
