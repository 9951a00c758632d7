import { createHash, createHmac, Hash, randomBytes, timingSafeEqual } from 'crypto';

// Even length matters: Buffer.from(…, 'hex') drops a trailing odd nibble, so "abc" and "abd"
// would otherwise compare equal.
const HEX = /^(?:[0-9a-f]{2})*$/i;

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** For streaming content through a hash (uploads): `update()` per chunk, then `digest('hex')`. */
export function createSha256(): Hash {
  return createHash('sha256');
}

export function hmacSha256Hex(secret: string | Buffer, data: string | Buffer): string {
  return createHmac('sha256', secret).update(data).digest('hex');
}

/**
 * Constant-time comparison of two hex digests, so checking a MAC does not reveal how many leading
 * characters matched. False on any length or format mismatch (the length of a digest is not secret).
 */
export function safeEqualHex(a: string, b: string): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  if (a.length !== b.length || !HEX.test(a) || !HEX.test(b)) return false;
  return timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
}

/** URL-safe random token with `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < 1) throw new RangeError('randomToken needs a positive whole number of bytes');
  return randomBytes(bytes).toString('base64url');
}
