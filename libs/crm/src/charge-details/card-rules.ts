import { CardBrand, detectCardBrand, isExpiryInPast, isLuhnValid, normalizeCardNumber } from '@app/crypto';

/** Brands we accept; an unrecognised number is refused rather than stored as `unknown`. */
export const ACCEPTED_BRANDS: readonly CardBrand[] = Object.values(CardBrand).filter((brand) => brand !== CardBrand.Unknown);

export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * Why a typed card number cannot be stored, or null when it can. Messages never repeat the
 * number (they end up in responses and logs).
 */
export function cardNumberProblem(input: unknown): string | null {
  if (typeof input !== 'string') return 'must be a string of digits';
  const digits = normalizeCardNumber(input);
  if (!/^\d{12,19}$/.test(digits)) return 'must be 12-19 digits (spaces and dashes are ignored)';
  if (!isLuhnValid(digits)) return 'is not a valid card number (Luhn check failed); check for a mistyped digit';
  if (detectCardBrand(digits) === CardBrand.Unknown) return `is not from a supported card brand (${ACCEPTED_BRANDS.join(', ')})`;
  return null;
}

/**
 * Why a CVV does not fit the card, or null. American Express prints a 4-digit CID, so an Amex
 * card needs 4 digits; other brands print 3, but 4 is accepted for them (some issuers and card
 * forms use 4-digit codes, and refusing them costs a sale for no security gain). `cardNumber` may be
 * invalid; then only the format is checked.
 */
export function cvvProblem(cvv: unknown, cardNumber: unknown): string | null {
  if (typeof cvv !== 'string' || !/^\d{3,4}$/.test(cvv)) return 'must be 3 or 4 digits, as a string';
  if (typeof cardNumber !== 'string' || cardNumberProblem(cardNumber)) return null;
  if (detectCardBrand(normalizeCardNumber(cardNumber)) === CardBrand.Amex && cvv.length !== 4) return 'must be 4 digits for an amex card';
  return null;
}

const monthYear = (month: number, year: number) => `${String(month).padStart(2, '0')}/${year}`;

/**
 * Which field makes the expiry lie in the past, with a message carrying the fix: the year when it
 * is before this year, otherwise the month. Null when the card is valid through now (a card is
 * good through the last day of its expiry month, in UTC). Malformed values are left to the
 * format validators.
 */
export function expiryProblem(month: unknown, year: unknown, now: Date = new Date()): FieldProblem | null {
  if (!Number.isInteger(month) || (month as number) < 1 || (month as number) > 12 || !Number.isInteger(year) || (year as number) < 1000) return null;
  if (!isExpiryInPast(month as number, year as number, now)) return null;
  const current = monthYear(now.getUTCMonth() + 1, now.getUTCFullYear());
  if ((year as number) < now.getUTCFullYear()) {
    return { field: 'expiry_year', message: `is in the past: the card expired ${monthYear(month as number, year as number)} and it is now ${current}` };
  }
  return { field: 'expiry_month', message: `is in the past: the card expired ${monthYear(month as number, year as number)} and it is now ${current}` };
}

/** CVVs stored before this instant have outlived the retention. */
export function cvvPurgeCutoff(now: Date, retentionHours: number): Date {
  return new Date(now.getTime() - retentionHours * 3600 * 1000);
}
