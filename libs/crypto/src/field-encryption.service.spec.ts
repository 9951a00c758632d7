import { randomBytes } from 'crypto';
import { DecryptionError } from './decryption.error';
import { FieldEncryptionService } from './field-encryption.service';
import { EncryptionKey, Keyring } from './keyring';

const key = (id: string): EncryptionKey => ({ id, key: randomBytes(32) });

/** Flips one bit of one byte in the given base64url part (3 = iv, 4 = tag, 5 = ciphertext). */
function flipByte(value: string, part: number, byte: number): string {
  const parts = value.split(':');
  const bytes = Buffer.from(parts[part], 'base64url');
  bytes[byte] ^= 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join(':');
}

describe('FieldEncryptionService', () => {
  const k1 = key('k1');
  const service = new FieldEncryptionService(new Keyring([k1]));

  it('round-trips strings, including empty and non-ASCII ones', () => {
    for (const plaintext of ['4242424242424242', '', 'Zoë – 東京 🚀', 'a:b:c']) {
      expect(service.decrypt(service.encrypt(plaintext))).toBe(plaintext);
    }
  });

  it('produces the compact enc:v1 format with a 12-byte iv and 16-byte tag', () => {
    const value = service.encrypt('secret');
    const [prefix, version, keyId, iv, tag, ciphertext] = value.split(':');
    expect(`${prefix}:${version}`).toBe('enc:v1');
    expect(keyId).toBe('k1');
    expect(Buffer.from(iv, 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag, 'base64url')).toHaveLength(16);
    expect(Buffer.from(ciphertext, 'base64url')).toHaveLength('secret'.length);
    expect(value).toMatch(/^enc:v1:k1:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/);
  });

  it('gives two different ciphertexts for the same plaintext', () => {
    const a = service.encrypt('same');
    const b = service.encrypt('same');
    expect(a).not.toBe(b);
    expect(a.split(':')[3]).not.toBe(b.split(':')[3]);
  });

  it('never contains the plaintext', () => {
    const plaintext = 'card-4111111111111111';
    const value = service.encrypt(plaintext);
    expect(value).not.toContain(plaintext);
    expect(value).not.toContain('4111111111111111');
    expect(value).not.toContain(Buffer.from(plaintext).toString('base64url'));
  });

  it('throws DecryptionError when any single byte of iv, tag or ciphertext is flipped', () => {
    const value = service.encrypt('tamper with me');
    const lengths: Record<number, number> = { 3: 12, 4: 16, 5: 'tamper with me'.length };
    for (const [part, length] of Object.entries(lengths)) {
      for (let byte = 0; byte < length; byte++) {
        expect(() => service.decrypt(flipByte(value, Number(part), byte))).toThrow(DecryptionError);
      }
    }
  });

  it('binds the key id as AAD: relabelling a value fails even when both ids hold the same key', () => {
    // Same bytes under two ids, so only the AAD can tell them apart.
    const twins = new FieldEncryptionService(new Keyring([{ id: 'a', key: k1.key }, { id: 'b', key: k1.key }]));
    const value = twins.encrypt('bound');
    expect(twins.decrypt(value)).toBe('bound');
    expect(() => twins.decrypt(value.replace(':b:', ':a:'))).toThrow(DecryptionError);
  });

  it('throws DecryptionError for an unknown key id', () => {
    const other = new FieldEncryptionService(new Keyring([key('elsewhere')]));
    expect(() => service.decrypt(other.encrypt('x'))).toThrow(DecryptionError);
    expect(() => service.decrypt(other.encrypt('x'))).toThrow(/unknown key id "elsewhere"/);
  });

  it.each([
    ['an empty string', ''],
    ['plain text', 'hello'],
    ['the wrong version', service.encrypt('x').replace('enc:v1', 'enc:v2')],
    ['a missing part', service.encrypt('x').split(':').slice(0, 5).join(':')],
    ['an extra part', `${service.encrypt('x')}:more`],
    ['a short iv', (() => { const p = service.encrypt('x').split(':'); p[3] = p[3].slice(0, 8); return p.join(':'); })()],
    ['non-base64url characters', service.encrypt('x').replace(/:([A-Za-z0-9_-]+)$/, ':$1!')],
    ['a bad key id', service.encrypt('x').replace(':k1:', ':k 1:')],
  ])('throws DecryptionError for %s', (_label, value) => {
    expect(() => service.decrypt(value)).toThrow(DecryptionError);
  });

  it('throws DecryptionError for non-string input', () => {
    expect(() => service.decrypt(undefined as unknown as string)).toThrow(DecryptionError);
    expect(() => service.decrypt(42 as unknown as string)).toThrow(DecryptionError);
  });

  it('never puts plaintext or key material in the error message', () => {
    const plaintext = 'very secret plaintext';
    const tampered = flipByte(service.encrypt(plaintext), 5, 0);
    let message = '';
    try {
      service.decrypt(tampered);
    } catch (error) {
      expect(error).toBeInstanceOf(DecryptionError);
      expect((error as Error).name).toBe('DecryptionError');
      message = `${(error as Error).message} ${(error as Error).stack}`;
    }
    expect(message).not.toContain(plaintext);
    expect(message).not.toContain(k1.key.toString('base64'));
    expect(message).not.toContain(k1.key.toString('hex'));
  });

  it('recognises encrypted values', () => {
    expect(service.isEncrypted(service.encrypt('x'))).toBe(true);
    expect(service.isEncrypted('4242424242424242')).toBe(false);
    expect(service.isEncrypted(null)).toBe(false);
    expect(service.isEncrypted({})).toBe(false);
  });

  describe('key rotation', () => {
    const oldKey = key('2024');
    const newKey = key('2025');
    const before = new FieldEncryptionService(new Keyring([oldKey]));
    const after = new FieldEncryptionService(new Keyring([oldKey, newKey]));

    it('encrypts with the last key of the keyring', () => {
      expect(before.activeKeyId).toBe('2024');
      expect(after.activeKeyId).toBe('2025');
      expect(after.keyIdOf(after.encrypt('x'))).toBe('2025');
    });

    it('still decrypts values written under an old key, and rotate moves them to the new key', () => {
      const old = before.encrypt('iban DE89370400440532013000');
      expect(after.keyIdOf(old)).toBe('2024');
      expect(after.needsRotation(old)).toBe(true);
      expect(after.decrypt(old)).toBe('iban DE89370400440532013000');

      const rotated = after.rotate(old);
      expect(after.keyIdOf(rotated)).toBe('2025');
      expect(after.needsRotation(rotated)).toBe(false);
      expect(after.decrypt(rotated)).toBe('iban DE89370400440532013000');
      // The old keyring cannot read it any more: it really is under the new key.
      expect(() => before.decrypt(rotated)).toThrow(DecryptionError);
    });

    it('keyIdOf throws DecryptionError on a malformed value', () => {
      expect(() => after.keyIdOf('nope')).toThrow(DecryptionError);
    });
  });
});
