export interface EncryptionKey {
  id: string;
  key: Buffer;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** Encryption keys by id. The last key encrypts; every key decrypts, so old data stays readable. */
export class Keyring {
  private readonly byId: Map<string, Buffer>;
  readonly active: EncryptionKey;

  constructor(keys: EncryptionKey[]) {
    if (keys.length === 0) throw new Error('keyring is empty: give at least one key');
    this.byId = new Map();
    for (const { id, key } of keys) {
      if (!KEY_ID.test(id)) throw new Error(`key id "${id}" must be 1-32 letters, digits, _ or -`);
      if (key.length !== 32) throw new Error(`key "${id}" must be 32 bytes (AES-256), got ${key.length}`);
      if (this.byId.has(id)) throw new Error(`key id "${id}" appears twice`);
      this.byId.set(id, key);
    }
    this.active = keys[keys.length - 1];
  }

  /** Parses `"k1:<base64 32-byte key>,k2:<base64 key>"`. */
  static parse(spec: string): Keyring {
    const entries = spec.split(',').map((part) => part.trim()).filter(Boolean);
    if (entries.length === 0) throw new Error('keyring is empty: expected "keyId:base64Key[,keyId2:base64Key2]"');
    return new Keyring(
      entries.map((entry) => {
        const separator = entry.indexOf(':');
        if (separator <= 0) throw new Error(`keyring entry "${entry.slice(0, 8)}…" must be "keyId:base64Key"`);
        return { id: entry.slice(0, separator), key: Buffer.from(entry.slice(separator + 1), 'base64') };
      }),
    );
  }

  get(id: string): Buffer | undefined {
    return this.byId.get(id);
  }

  get ids(): string[] {
    return [...this.byId.keys()];
  }
}
