import { Types } from 'mongoose';

export const REDACTED = '[REDACTED]';

/** Keys whose values never reach the audit trail, matched case-insensitively at any depth. */
export const ALWAYS_REDACTED_KEYS = [
  'password',
  'password_hash',
  'token',
  'access_token',
  'refresh_token',
  'secret',
  'card_number',
  'cvv',
  'sessions',
  'token_hash',
  'key_hash',
  'recovery_code',
  'recovery_codes',
  'recovery_code_hashes',
  'challenge',
  'step_up_token',
] as const;

/**
 * Keys left out of every state and metadata object, at any depth, and out of `changed_fields`:
 * `storage_key` is where a file's bytes live on disk (files, attachments), which no reader needs.
 */
export const ALWAYS_OMITTED_KEYS = ['__v', 'storage_key'] as const;

/** True for a `changed_fields` path that names an omitted key (`storage_key`, `attachments.storage_key`). */
export function isOmittedPath(path: string): boolean {
  return path.split('.').some((segment) => (ALWAYS_OMITTED_KEYS as readonly string[]).includes(segment.toLowerCase()));
}

/** Ciphertext columns are named after what they hide (`card_number_encrypted`); they are secrets too. */
const SECRET_KEY_SUFFIXES = ['_encrypted', '_ciphertext'];
const MAX_DEPTH = 20;

export type AuditSanitizer = (value: Record<string, unknown> | null | undefined) => Record<string, unknown> | null;

/**
 * Builds the sanitiser applied to every state and metadata object before it is stored: redacts
 * secrets and the configured PII keys, masks emails and phone numbers, turns ObjectIds into hex
 * strings and binary data into a marker, and drops the omitted keys (`__v`, `storage_key`). Pure; the input is not modified.
 */
export function createAuditSanitizer(extraRedactedKeys: readonly string[] = []): AuditSanitizer {
  const redacted = new Set([...ALWAYS_REDACTED_KEYS, ...extraRedactedKeys].map((key) => key.toLowerCase()));
  const isRedacted = (key: string) => redacted.has(key) || SECRET_KEY_SUFFIXES.some((suffix) => key.endsWith(suffix));

  const sanitizeValue = (value: unknown, key: string, depth: number): unknown => {
    if (value === null || value === undefined) return value ?? null;
    if (isRedacted(key)) return REDACTED;
    if (typeof value === 'string') {
      if (isEmailKey(key)) return maskEmail(value);
      if (isPhoneKey(key)) return maskPhone(value);
      return value;
    }
    if (typeof value !== 'object') return value;
    if (value instanceof Types.ObjectId) return value.toHexString();
    if (value instanceof Date) return value;
    if (isBinary(value)) return '[binary]';
    if (depth >= MAX_DEPTH) return '[truncated]';
    if (Array.isArray(value)) return value.map((item) => sanitizeValue(item, key, depth + 1));
    if (typeof (value as { toHexString?: unknown }).toHexString === 'function') return (value as Types.ObjectId).toHexString();
    if ((value as { _bsontype?: string })._bsontype === 'Decimal128') return String(value);
    if (value instanceof Map) return sanitizeObject(Object.fromEntries(value), depth + 1);
    // A hydrated Mongoose document or subdocument (a write may carry one): its data, never its object
    // graph — walking the graph (model, connection, schema) to MAX_DEPTH never ends in practice.
    if (typeof (value as { toObject?: unknown }).toObject === 'function') return sanitizeValue((value as { toObject(): unknown }).toObject(), key, depth + 1);
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) return String(value);
    return sanitizeObject(value as Record<string, unknown>, depth + 1);
  };

  const sanitizeObject = (object: Record<string, unknown>, depth: number): Record<string, unknown> => {
    const output: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(object)) {
      if (child === undefined || (ALWAYS_OMITTED_KEYS as readonly string[]).includes(key.toLowerCase())) continue;
      output[key] = sanitizeValue(child, key.toLowerCase(), depth);
    }
    return output;
  };

  return (value) => (value === null || value === undefined ? null : sanitizeObject(value, 0));
}

/** `john.doe@example.com` → `j***@example.com`: enough to recognise, not enough to harvest. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** `+14155550123` → `+1******0123`: country code and last four digits stay readable. */
export function maskPhone(phone: string): string {
  if (phone.length <= 6) return '***';
  return `${phone.slice(0, 2)}${'*'.repeat(phone.length - 6)}${phone.slice(-4)}`;
}

function isEmailKey(key: string): boolean {
  return key === 'email' || key.endsWith('_email');
}

function isPhoneKey(key: string): boolean {
  return key === 'phone' || key.endsWith('_phone');
}

function isBinary(value: object): boolean {
  return Buffer.isBuffer(value) || value instanceof Uint8Array || (value as { _bsontype?: string })._bsontype === 'Binary';
}
