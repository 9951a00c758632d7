export interface EncryptionKey {
  id: string;
  key: Buffer;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const KEY_BYTES = 32;
// Standard or URL-safe alphabet, optional padding. Buffer.from(…, 'base64') silently skips any other
// character, so without this check a typo in a key would quietly yield a different key.
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const SPEC_FORMAT = '"keyId:base64Key[,keyId2:base64Key2]"';

/** Encryption keys by id. The last key encrypts; every key decrypts, so old data stays readable. */
export class Keyring {
  private readonly byId = new Map<string, Buffer>();
  readonly active: EncryptionKey;

  constructor(keys: readonly EncryptionKey[]) {
    if (keys.length === 0) throw new Error('keyring is empty: give at least one key');
    for (const { id, key } of keys) {
      if (!KEY_ID.test(id)) throw new Error(`key id "${id.slice(0, 40)}" must be 1-32 letters, digits, _ or -`);
      if (key.length !== KEY_BYTES) throw new Error(`key "${id}" must be ${KEY_BYTES} bytes for AES-256, got ${key.length}`);
      if (this.byId.has(id)) throw new Error(`key id "${id}" appears more than once in the keyring`);
      // Own copies: a caller zeroing or reusing its buffer must not change the keyring.
      this.byId.set(id, Buffer.from(key));
    }
    const last = keys[keys.length - 1].id;
    this.active = { id: last, key: this.byId.get(last)! };
  }

  /**
   * Parses `"k1:<base64 32-byte key>,k2:<base64 key>"`. Error messages name the entry by position
   * and never echo what was given, since a malformed entry may be key material.
   */
  static parse(spec: string): Keyring {
    const entries = (typeof spec === 'string' ? spec : '')
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
    if (entries.length === 0) throw new Error(`keyring is empty: expected ${SPEC_FORMAT}`);
    return new Keyring(entries.map((entry, index) => parseEntry(entry, index + 1)));
  }

  get(id: string): Buffer | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get ids(): string[] {
    return [...this.byId.keys()];
  }
}

function parseEntry(entry: string, position: number): EncryptionKey {
  const separator = entry.indexOf(':');
  if (separator <= 0) throw new Error(`keyring entry #${position} must look like "keyId:base64Key" (expected ${SPEC_FORMAT})`);
  const id = entry.slice(0, separator).trim();
  const encoded = entry.slice(separator + 1).trim();
  if (!KEY_ID.test(id)) throw new Error(`keyring entry #${position}: key id must be 1-32 letters, digits, _ or -`);
  if (!BASE64.test(encoded)) throw new Error(`keyring entry #${position} ("${id}"): key is not valid base64`);
  const key = Buffer.from(encoded, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new Error(`keyring entry #${position} ("${id}"): key must decode to ${KEY_BYTES} bytes for AES-256, got ${key.length}`);
  }
  return { id, key };
}
