import { Matches, ValidationOptions } from 'class-validator';

type Value = { value: unknown };

export const trim = ({ value }: Value) => (typeof value === 'string' ? value.trim() : value);
export const lowerTrim = ({ value }: Value) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
export const upperTrim = ({ value }: Value) => (typeof value === 'string' ? value.trim().toUpperCase() : value);
/** Tags are compared case-insensitively: stored trimmed, lower-cased and without duplicates. */
export const normalizeTags = ({ value }: Value) =>
  Array.isArray(value) ? [...new Set(value.map((tag) => (typeof tag === 'string' ? tag.trim().toLowerCase() : tag)))] : value;

export const E164 = /^\+[1-9]\d{6,14}$/;

/** International phone number in E.164 form (`+` and 7–15 digits, no spaces). */
export const IsE164 = (options?: ValidationOptions) =>
  Matches(E164, { message: ({ property }) => `${property} must be an international number in E.164 form, e.g. +14155550123`, ...options });

export const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: true };
export const URL_MESSAGE = ({ property }: { property: string }) => `${property} must be an http(s) URL, e.g. https://example.com`;

/** Sums of floating-point money rounded to cents (the engine has no `$round`). */
export const roundMoney = (value: number): number => Math.round((value + Number.EPSILON) * 100) / 100;

/** The keys a request actually sent: DTO instances carry every declared field, unset ones as undefined. */
export const definedFields = <T extends object>(dto: T): Partial<T> =>
  Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined)) as Partial<T>;
