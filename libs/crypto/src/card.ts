export enum CardBrand {
  Visa = 'visa',
  Mastercard = 'mastercard',
  Amex = 'amex',
  Discover = 'discover',
  Diners = 'diners',
  Jcb = 'jcb',
  UnionPay = 'unionpay',
  Unknown = 'unknown',
}

interface IinRange {
  brand: CardBrand;
  /** Inclusive bounds on the leading digits; both bounds have the same number of digits. */
  from: number;
  to: number;
}

// Leading-digit (IIN) ranges. They do not overlap, so the order is only for reading.
const IIN_RANGES: readonly IinRange[] = [
  { brand: CardBrand.Amex, from: 34, to: 34 },
  { brand: CardBrand.Amex, from: 37, to: 37 },
  { brand: CardBrand.Jcb, from: 3528, to: 3589 },
  { brand: CardBrand.Diners, from: 300, to: 305 },
  { brand: CardBrand.Diners, from: 36, to: 36 },
  { brand: CardBrand.Diners, from: 38, to: 38 },
  { brand: CardBrand.Discover, from: 6011, to: 6011 },
  { brand: CardBrand.Discover, from: 644, to: 649 },
  { brand: CardBrand.Discover, from: 65, to: 65 },
  { brand: CardBrand.UnionPay, from: 62, to: 62 },
  { brand: CardBrand.Mastercard, from: 51, to: 55 },
  { brand: CardBrand.Mastercard, from: 2221, to: 2720 },
  { brand: CardBrand.Visa, from: 4, to: 4 },
];

/** Strips the spaces and dashes people type between digit groups. */
export function normalizeCardNumber(input: string): string {
  return input.replace(/[\s-]/g, '');
}

export function isLuhnValid(digits: string): boolean {
  if (!/^\d{2,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export function detectCardBrand(digits: string): CardBrand {
  if (!/^\d+$/.test(digits)) return CardBrand.Unknown;
  for (const { brand, from, to } of IIN_RANGES) {
    const width = String(from).length;
    if (digits.length < width) continue;
    const prefix = Number(digits.slice(0, width));
    if (prefix >= from && prefix <= to) return brand;
  }
  return CardBrand.Unknown;
}

export function lastFour(digits: string): string {
  return digits.slice(-4);
}

/** Always four groups, whatever the real length, so the mask does not hint at the brand or length. */
export function maskCardNumber(digits: string): string {
  return `**** **** **** ${lastFour(digits)}`;
}

/**
 * A card is valid through the last day of its expiry month, so it is past only once that month
 * has ended. Compared in UTC so the answer does not depend on the server's time zone.
 * Two-digit years are read as 20YY.
 */
export function isExpiryInPast(month: number, year: number, now: Date = new Date()): boolean {
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(year) || year < 0) {
    throw new RangeError('expiry month must be 1-12 and year a whole number');
  }
  const fullYear = year < 100 ? 2000 + year : year;
  const expiry = fullYear * 12 + (month - 1);
  const current = now.getUTCFullYear() * 12 + now.getUTCMonth();
  return expiry < current;
}
