import { Inject, Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'crypto';
import { Keyring } from './keyring';

export const ENCRYPTION_KEYRING = Symbol('ENCRYPTION_KEYRING');

const PREFIX = 'enc:v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Never carries plaintext or key material in its message. */
export class DecryptionError extends Error {
  constructor(reason: string) {
    super(`encrypted value could not be decrypted: ${reason}`);
    this.name = 'DecryptionError';
  }
}

/**
 * AES-256-GCM field encryption. A value is stored as
 * `enc:v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64url parts): a fresh IV per value, the GCM tag
 * to detect tampering, and the key id (also bound as AAD) so keys can rotate.
 */
@Injectable()
export class FieldEncryptionService {
  constructor(@Inject(ENCRYPTION_KEYRING) private readonly keyring: Keyring) {}

  get activeKeyId(): string {
    return this.keyring.active.id;
  }

  encrypt(plaintext: string): string {
    const { id, key } = this.keyring.active;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(id));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [PREFIX, id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join(':');
  }

  decrypt(value: string): string {
    const parts = this.split(value);
    const key = this.keyring.get(parts.keyId);
    if (!key) throw new DecryptionError(`unknown key id ${parts.keyId}`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, parts.iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(parts.keyId));
      decipher.setAuthTag(parts.tag);
      return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new DecryptionError('authentication failed (tampered or wrong key)');
    }
  }

  isEncrypted(value: unknown): value is string {
    return typeof value === 'string' && value.startsWith(`${PREFIX}:`);
  }

  keyIdOf(value: string): string {
    return this.split(value).keyId;
  }

  needsRotation(value: string): boolean {
    return this.keyIdOf(value) !== this.activeKeyId;
  }

  /** Re-encrypts under the active key. */
  rotate(value: string): string {
    return this.encrypt(this.decrypt(value));
  }

  private split(value: string): { keyId: string; iv: Buffer; tag: Buffer; ciphertext: Buffer } {
    const parts = typeof value === 'string' ? value.split(':') : [];
    if (parts.length !== 6 || `${parts[0]}:${parts[1]}` !== PREFIX) throw new DecryptionError('not an enc:v1 value');
    const [, , keyId, iv, tag, ciphertext] = parts;
    const decoded = { keyId, iv: Buffer.from(iv, 'base64url'), tag: Buffer.from(tag, 'base64url'), ciphertext: Buffer.from(ciphertext, 'base64url') };
    if (decoded.iv.length !== IV_BYTES || decoded.tag.length !== TAG_BYTES) throw new DecryptionError('malformed iv or tag');
    return decoded;
  }
}
