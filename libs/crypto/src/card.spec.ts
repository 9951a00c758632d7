import { CardBrand, detectCardBrand, isExpiryInPast, isLuhnValid, lastFour, maskCardNumber, normalizeCardNumber } from './card';

describe('card helpers', () => {
  it('normalizes spaces and dashes away', () => {
    expect(normalizeCardNumber(' 4242 4242-4242\t4242 ')).toBe('4242424242424242');
  });

  it.each(['4242424242424242', '4111111111111111', '5555555555554444', '378282246310005', '6011111111111117', '3530111333300000', '30569309025904', '2223003122003222'])(
    'accepts the test number %s as Luhn-valid',
    (digits) => expect(isLuhnValid(digits)).toBe(true),
  );

  it.each(['4242424242424241', '4111111111111112', '5555555555554440', '378282246310006', '', '0', '4242-4242-4242-4242', 'abcd'])(
    'rejects %s as Luhn-invalid',
    (digits) => expect(isLuhnValid(digits)).toBe(false),
  );

  it.each([
    ['4242424242424242', CardBrand.Visa],
    ['4111111111111111', CardBrand.Visa],
    ['5555555555554444', CardBrand.Mastercard],
    ['5105105105105100', CardBrand.Mastercard],
    ['2221000000000009', CardBrand.Mastercard],
    ['2720990000000000', CardBrand.Mastercard],
    ['378282246310005', CardBrand.Amex],
    ['341111111111111', CardBrand.Amex],
    ['6011111111111117', CardBrand.Discover],
    ['6445644564456445', CardBrand.Discover],
    ['6500000000000002', CardBrand.Discover],
    ['3530111333300000', CardBrand.Jcb],
    ['3589000000000000', CardBrand.Jcb],
    ['30569309025904', CardBrand.Diners],
    ['36227206271667', CardBrand.Diners],
    ['38520000023237', CardBrand.Diners],
    ['6200000000000005', CardBrand.UnionPay],
    ['2220990000000000', CardBrand.Unknown],
    ['2721000000000000', CardBrand.Unknown],
    ['3527000000000000', CardBrand.Unknown],
    ['3060000000000000', CardBrand.Unknown],
    ['6430000000000000', CardBrand.Unknown],
    ['1234567812345678', CardBrand.Unknown],
    ['', CardBrand.Unknown],
    ['4242 4242', CardBrand.Unknown],
  ])('detects %s as %s', (digits, brand) => expect(detectCardBrand(digits)).toBe(brand));

  it('shows only the last four digits', () => {
    expect(lastFour('4242424242424242')).toBe('4242');
    expect(maskCardNumber('4242424242424242')).toBe('**** **** **** 4242');
    expect(maskCardNumber('378282246310005')).toBe('**** **** **** 0005');
    expect(maskCardNumber('5555555555554444')).not.toContain('5555');
  });

  describe('isExpiryInPast', () => {
    const now = new Date('2026-03-15T12:00:00Z');

    it('treats the card as valid through the end of its expiry month', () => {
      expect(isExpiryInPast(3, 2026, now)).toBe(false);
      expect(isExpiryInPast(3, 2026, new Date('2026-03-31T23:59:59Z'))).toBe(false);
      expect(isExpiryInPast(3, 2026, new Date('2026-04-01T00:00:00Z'))).toBe(true);
    });

    it('is past for last month and earlier, not for later months', () => {
      expect(isExpiryInPast(2, 2026, now)).toBe(true);
      expect(isExpiryInPast(12, 2025, now)).toBe(true);
      expect(isExpiryInPast(4, 2026, now)).toBe(false);
      expect(isExpiryInPast(1, 2027, now)).toBe(false);
    });

    it('reads two-digit years as 20YY', () => {
      expect(isExpiryInPast(3, 26, now)).toBe(false);
      expect(isExpiryInPast(2, 26, now)).toBe(true);
    });

    it('uses the current date by default', () => {
      const today = new Date();
      expect(isExpiryInPast(today.getUTCMonth() + 1, today.getUTCFullYear())).toBe(false);
    });

    it('rejects impossible months', () => {
      expect(() => isExpiryInPast(0, 2026, now)).toThrow(RangeError);
      expect(() => isExpiryInPast(13, 2026, now)).toThrow(RangeError);
      expect(() => isExpiryInPast(1.5, 2026, now)).toThrow(RangeError);
    });
  });
});
