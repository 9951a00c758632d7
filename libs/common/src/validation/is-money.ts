import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * A finite number with at most two decimal places. class-validator's
 * `IsNumber({ maxDecimalPlaces })` counts decimals by splitting `toString()` on '.', which throws
 * on exponent notation (`5e-324`, `1e-7`) and turned such input into a 500; rounding to cents
 * and comparing handles every double, and also rejects float noise like 0.30000000000000004.
 */
/** The largest amount any money field accepts. */
export const MAX_MONEY = 1_000_000_000;

export function isMoney(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Number(value.toFixed(2)) === value;
}

export const IsMoney = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isMoney',
      validator: {
        validate: (value: unknown) => isMoney(value),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be a number with at most two decimal places`,
      },
    },
    options,
  );
