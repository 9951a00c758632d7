import { cardNumberProblem, cvvProblem, cvvPurgeCutoff, expiryProblem } from './card-rules';

describe('card rules', () => {
  describe('cardNumberProblem', () => {
    it('accepts Luhn-valid numbers of supported brands, with spaces or dashes', () => {
      expect(cardNumberProblem('4242 4242 4242 4242')).toBeNull();
      expect(cardNumberProblem('5555-5555-5555-4444')).toBeNull();
      expect(cardNumberProblem('378282246310005')).toBeNull();
    });
    it('refuses a mistyped digit with the Luhn reason', () => {
      expect(cardNumberProblem('4242424242424241')).toMatch(/Luhn check failed/);
    });
    it('refuses wrong lengths, non-digits and non-strings', () => {
      expect(cardNumberProblem('42424242')).toMatch(/12-19 digits/);
      expect(cardNumberProblem('4242abcd42424242')).toMatch(/12-19 digits/);
      expect(cardNumberProblem(4242424242424242)).toMatch(/string/);
      expect(cardNumberProblem(null)).toMatch(/string/);
    });
    it('refuses a Luhn-valid number of no known brand', () => {
      expect(cardNumberProblem('1234567812345670')).toMatch(/supported card brand/);
    });
    it('never repeats the number in its message', () => {
      for (const input of ['4242424242424241', '1234567812345670', '42424242']) expect(cardNumberProblem(input)).not.toContain(input);
    });
  });

  describe('cvvProblem', () => {
    it('takes 3 or 4 digits as a string', () => {
      expect(cvvProblem('123', '4242424242424242')).toBeNull();
      expect(cvvProblem('1234', '4242424242424242')).toBeNull();
      expect(cvvProblem('12', '4242424242424242')).toMatch(/3 or 4 digits/);
      expect(cvvProblem(123, '4242424242424242')).toMatch(/as a string/);
    });
    it('needs 4 digits for American Express', () => {
      expect(cvvProblem('123', '378282246310005')).toBe('must be 4 digits for an amex card');
      expect(cvvProblem('1234', '378282246310005')).toBeNull();
    });
    it('checks only the format when the card number is itself invalid', () => {
      expect(cvvProblem('123', 'nonsense')).toBeNull();
    });
  });

  describe('expiryProblem', () => {
    const now = new Date('2026-11-25T10:00:00Z');
    it('accepts the current month and later', () => {
      expect(expiryProblem(11, 2026, now)).toBeNull();
      expect(expiryProblem(1, 2027, now)).toBeNull();
    });
    it('blames the year when the year is past, the month when only the month is', () => {
      expect(expiryProblem(12, 2025, now)).toEqual({ field: 'expiry_year', message: 'is in the past: the card expired 12/2025 and it is now 11/2026' });
      expect(expiryProblem(10, 2026, now)).toEqual({ field: 'expiry_month', message: 'is in the past: the card expired 10/2026 and it is now 11/2026' });
    });
    it('leaves malformed values to the format validators', () => {
      expect(expiryProblem(13, 2020, now)).toBeNull();
      expect(expiryProblem('1', 2020, now)).toBeNull();
      expect(expiryProblem(1, 20, now)).toBeNull();
    });
  });

  it('purges CVVs stored more than the retention before now', () => {
    expect(cvvPurgeCutoff(new Date('2026-11-25T10:00:00Z'), 24)).toEqual(new Date('2026-11-24T10:00:00Z'));
    expect(cvvPurgeCutoff(new Date('2026-11-25T10:00:00Z'), 0)).toEqual(new Date('2026-11-25T10:00:00Z'));
  });
});
