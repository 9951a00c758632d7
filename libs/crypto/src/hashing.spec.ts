import { createHmac } from 'crypto';
import { createSha256, hmacSha256Hex, randomToken, safeEqualHex, sha256Hex } from './hashing';

describe('hashing', () => {
  const ABC_SHA256 = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

  it('computes SHA-256 of strings and buffers', () => {
    expect(sha256Hex('abc')).toBe(ABC_SHA256);
    expect(sha256Hex(Buffer.from('abc'))).toBe(ABC_SHA256);
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('streams into the same digest', () => {
    const hash = createSha256();
    hash.update('a');
    hash.update(Buffer.from('bc'));
    expect(hash.digest('hex')).toBe(ABC_SHA256);
  });

  it('computes HMAC-SHA256 (RFC 4231 test case 2)', () => {
    expect(hmacSha256Hex('Jefe', 'what do ya want for nothing?')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    expect(hmacSha256Hex(Buffer.from('k'), 'm')).toBe(createHmac('sha256', 'k').update('m').digest('hex'));
  });

  it('compares hex digests safely', () => {
    const digest = sha256Hex('x');
    expect(safeEqualHex(digest, digest)).toBe(true);
    expect(safeEqualHex(digest, digest.toUpperCase())).toBe(true);
    expect(safeEqualHex(digest, sha256Hex('y'))).toBe(false);
    expect(safeEqualHex(digest, digest.slice(0, -2))).toBe(false);
    expect(safeEqualHex('', '')).toBe(true);
  });

  it('is false for malformed hex instead of comparing what Node happens to decode', () => {
    expect(safeEqualHex('abc', 'abd')).toBe(false);
    expect(safeEqualHex('zz', 'zz')).toBe(false);
    expect(safeEqualHex('ab', undefined as unknown as string)).toBe(false);
  });

  it('makes URL-safe random tokens of the requested size', () => {
    const token = randomToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(Buffer.from(randomToken(6), 'base64url')).toHaveLength(6);
    expect(randomToken()).not.toBe(token);
    expect(() => randomToken(0)).toThrow(RangeError);
  });
});
