import { Inject, Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'crypto';
import { DecryptionError } from './decryption.error';
import { Keyring } from './keyring';

export { DecryptionError } from './decryption.error';

export const ENCRYPTION_KEYRING = Symbol('ENCRYPTION_KEYRING');

const ALGORITHM = 'aes-256-gcm';
const PREFIX = 'enc:v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

interface EncryptedParts {
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

/**
 * AES-256-GCM field encryption. A value is stored as
 * `enc:v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64url parts): a fresh IV per value so equal
 * plaintexts do not look equal, the GCM tag to detect tampering, and the key id so keys can
 * rotate. The key id is also bound as AAD, so relabelling a value with another key id fails
 * authentication instead of being tried under the wrong key.
 */
@Injectable()
export class FieldEncryptionService {
  constructor(@Inject(ENCRYPTION_KEYRING) private readonly keyring: Keyring) {}

  get activeKeyId(): string {
    return this.keyring.active.id;
  }

  encrypt(plaintext: string): string {
    if (typeof plaintext !== 'string') throw new TypeError('only strings can be encrypted');
    const { id, key } = this.keyring.active;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(id, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [PREFIX, id, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join(':');
  }

  decrypt(value: string): string {
    const parts = parse(value);
    const key = this.keyring.get(parts.keyId);
    if (!key) throw new DecryptionError(`unknown key id "${parts.keyId}"`);
    try {
      const decipher = createDecipheriv(ALGORITHM, key, parts.iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(parts.keyId, 'utf8'));
      decipher.setAuthTag(parts.tag);
      return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      // The underlying error says nothing useful and is not ours to vouch for; replace it.
      throw new DecryptionError('authentication failed (tampered value or wrong key)');
    }
  }

  /** True for anything shaped like our ciphertext; says nothing about whether it will decrypt. */
  isEncrypted(value: unknown): value is string {
    return typeof value === 'string' && value.startsWith(`${PREFIX}:`);
  }

  /** @throws DecryptionError when the value is not a well-formed encrypted value. */
  keyIdOf(value: string): string {
    return parse(value).keyId;
  }

  needsRotation(value: string): boolean {
    return this.keyIdOf(value) !== this.activeKeyId;
  }

  /** Re-encrypts under the active key (with a fresh IV, even if already under it). */
  rotate(value: string): string {
    return this.encrypt(this.decrypt(value));
  }
}

function parse(value: unknown): EncryptedParts {
  const parts = typeof value === 'string' ? value.split(':') : [];
  if (parts.length !== 6 || `${parts[0]}:${parts[1]}` !== PREFIX) throw new DecryptionError(`not an ${PREFIX} value`);
  const [, , keyId, iv, tag, ciphertext] = parts;
  if (!KEY_ID.test(keyId)) throw new DecryptionError('malformed key id');
  const decoded = { keyId, iv: decodeBase64Url(iv), tag: decodeBase64Url(tag), ciphertext: decodeBase64Url(ciphertext) };
  if (!decoded.iv || decoded.iv.length !== IV_BYTES) throw new DecryptionError('malformed iv');
  if (!decoded.tag || decoded.tag.length !== TAG_BYTES) throw new DecryptionError('malformed auth tag');
  if (!decoded.ciphertext) throw new DecryptionError('malformed ciphertext');
  return decoded as EncryptedParts;
}

/**
 * Strict decoding: Node ignores stray characters and trailing bits, which would let several
 * strings stand for one ciphertext. Only the canonical encoding is accepted.
 */
function decodeBase64Url(text: string): Buffer | undefined {
  if (!BASE64URL.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}
