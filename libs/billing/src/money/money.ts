/**
 * Money in billing is integer minor units of one currency (cents for USD): no floating-point
 * amount is ever stored or summed. Division rounds half up (away from zero for the positive
 * amounts billing deals in) once per line; totals are sums of rounded line amounts.
 */

/** Currencies whose minor unit is not 1/100 (ISO 4217); every other code has two decimals. */
const MINOR_DIGITS: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};

export const minorDigits = (currency: string): number => MINOR_DIGITS[currency] ?? 2;

/** `numerator / denominator` rounded half up, exact for any integers (BigInt, no float). */
export function divideRoundHalfUp(numerator: bigint, denominator: bigint): number {
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  return Number(remainder * 2n >= denominator ? quotient + 1n : quotient);
}

/** Time at an hourly rate: minutes × rate / 60, rounded half up to a minor unit. */
export const timeAmount = (minutes: number, hourlyRate: number): number => divideRoundHalfUp(BigInt(minutes) * BigInt(hourlyRate), 60n);

/** Quantity in thousandths (1.5 → 1500) × unit price, rounded half up. */
export const quantityAmount = (quantityMilli: number, unitPrice: number): number => divideRoundHalfUp(BigInt(quantityMilli) * BigInt(unitPrice), 1000n);

/** Tax in basis points of the line's subtotal (2000 = 20.00 %), rounded half up. */
export const taxAmount = (subtotal: number, taxRateBasisPoints: number): number => divideRoundHalfUp(BigInt(subtotal) * BigInt(taxRateBasisPoints), 10_000n);

/** A decimal quantity (at most 3 decimals) as integer thousandths, without float drift (2.675 → 2675). */
export function toThousandths(quantity: number): number {
  const [whole, fraction = ''] = quantity.toFixed(3).split('.');
  return Number(whole) * 1000 + Number(fraction.padEnd(3, '0'));
}

/**
 * An amount the older domains store in major units (recurring plans, upsells: 12.5 = 12.50) as
 * minor units. Rounded through its decimal text, so 0.29 → 29, not 28.999….
 */
export function majorToMinor(amount: number, currency: string): number {
  const digits = minorDigits(currency);
  const [whole, fraction = ''] = Math.abs(amount).toFixed(digits + 1).split('.');
  const scaled = BigInt(whole) * 10n ** BigInt(digits + 1) + BigInt(fraction || '0');
  const minor = divideRoundHalfUp(scaled, 10n);
  return amount < 0 ? -minor : minor;
}

/** Minor units as a major-unit number, for fields the older domains keep in major units (project amount_paid). */
export const minorToMajor = (minor: number, currency: string): number => Number(formatMinor(minor, currency));

/** 123456 USD → "1234.56" (CSV, PDF): exact, from the integer. */
export function formatMinor(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${text}` : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** 2000 basis points → "20.00". */
export const formatBasisPoints = (basisPoints: number): string => `${Math.floor(basisPoints / 100)}.${String(basisPoints % 100).padStart(2, '0')}`;
