import { randomBytes } from 'crypto';
import { Keyring } from './keyring';

const b64 = (bytes: number) => randomBytes(bytes).toString('base64');

describe('Keyring', () => {
  it('parses a spec; the last key is active and every key is available', () => {
    const first = b64(32);
    const second = b64(32);
    const keyring = Keyring.parse(` k1:${first} , k2:${second} `);
    expect(keyring.active.id).toBe('k2');
    expect(keyring.active.key.equals(Buffer.from(second, 'base64'))).toBe(true);
    expect(keyring.ids).toEqual(['k1', 'k2']);
    expect(keyring.get('k1')?.equals(Buffer.from(first, 'base64'))).toBe(true);
    expect(keyring.has('k3')).toBe(false);
  });

  it('accepts the development key from the config defaults and unpadded or URL-safe base64', () => {
    expect(Keyring.parse('dev1:ZGV2ZWxvcG1lbnQtb25seS1rZXktMzItYnl0ZXMhISE=').active.key.toString()).toBe('development-only-key-32-bytes!!!');
    const raw = randomBytes(32);
    expect(Keyring.parse(`u:${raw.toString('base64url')}`).active.key.equals(raw)).toBe(true);
  });

  it('keeps its own copy of key buffers', () => {
    const key = randomBytes(32);
    const copy = Buffer.from(key);
    const keyring = new Keyring([{ id: 'k1', key }]);
    key.fill(0);
    expect(keyring.get('k1')?.equals(copy)).toBe(true);
  });

  it.each([
    ['an empty spec', '', /empty/],
    ['only separators', ' , ,', /empty/],
    ['an entry without an id', `${b64(32)}`, /entry #1 must look like "keyId:base64Key"/],
    ['an entry with an empty id', `:${b64(32)}`, /entry #1 must look like "keyId:base64Key"/],
    ['an invalid key id', `bad id!:${b64(32)}`, /entry #1: key id must be 1-32 letters/],
    ['a key id over 32 characters', `${'a'.repeat(33)}:${b64(32)}`, /entry #1: key id must be 1-32/],
    ['a key that is not base64', 'k1:not*base64', /entry #1 \("k1"\): key is not valid base64/],
    ['a 16-byte key', `k1:${b64(16)}`, /entry #1 \("k1"\): key must decode to 32 bytes for AES-256, got 16/],
    ['a 33-byte key', `k1:${b64(32)},k2:${b64(33)}`, /entry #2 \("k2"\): key must decode to 32 bytes.*got 33/],
    ['a missing key', 'k1:', /entry #1 \("k1"\): key is not valid base64/],
    ['a duplicate id', `k1:${b64(32)},k1:${b64(32)}`, /key id "k1" appears more than once/],
  ])('rejects %s with a clear message', (_label, spec, message) => {
    expect(() => Keyring.parse(spec)).toThrow(message);
  });

  it('never echoes key material in its errors', () => {
    const key = b64(32);
    for (const spec of [key, `bad id:${key}`, `k1:${key.slice(0, 20)}`]) {
      try {
        Keyring.parse(spec);
        throw new Error('expected parse to fail');
      } catch (error) {
        expect((error as Error).message).not.toContain(key.slice(0, 8));
      }
    }
  });

  it('rejects an empty key list and wrong-sized keys given directly', () => {
    expect(() => new Keyring([])).toThrow(/empty/);
    expect(() => new Keyring([{ id: 'k1', key: randomBytes(31) }])).toThrow(/32 bytes/);
    expect(() => new Keyring([{ id: 'k:1', key: randomBytes(32) }])).toThrow(/key id/);
  });
});
