import { randomBytes } from 'crypto';
import type { Readable } from 'stream';
import { sha256Hex } from '@app/crypto';

/** `<aa>/<64 hex>`: the two-character fan-out prefix is the name's own start. */
export const STORAGE_KEY_PATTERN = /^([0-9a-f]{2})\/(\1[0-9a-f]{62})$/;

/**
 * A fresh key: the SHA-256 of a random id, so it says nothing about the file and two uploads of
 * the same bytes never share a blob (deleting one cannot break the other). Every driver uses it.
 */
export function newStorageKey(): string {
  const name = sha256Hex(randomBytes(32));
  return `${name.slice(0, 2)}/${name}`;
}

/** Refuses anything storage did not make (a key from a document is checked before any I/O). */
export function assertStorageKey(key: string): void {
  if (typeof key !== 'string' || !STORAGE_KEY_PATTERN.test(key)) throw new InvalidStorageKeyError(String(key));
}

/** What storage knows about a blob it has written. */
export interface StoredBlob {
  /** Opaque storage key, `<aa>/<64 hex>`; never derived from the user's file name. */
  key: string;
  size: number;
  /** SHA-256 of the content, hex. */
  sha256: string;
}

/**
 * Where uploaded bytes live. Content goes in and out as streams, never whole buffers, so large
 * files cost constant memory. Implementations: `LocalDiskStorage` (`FILE_STORAGE_DRIVER=local`) and
 * `S3ObjectStorage` (`s3`); `createFileStorage` picks one from the configuration.
 */
export interface FileStorage {
  /** Writes the stream under a fresh key; nothing is visible under the key until the write completed. */
  put(content: AsyncIterable<Buffer> | Readable): Promise<StoredBlob>;
  /** Streams a blob; throws `BlobNotFoundError` when it is missing. */
  get(key: string): Promise<Readable>;
  /** Removes a blob; idempotent (a missing blob is not an error). */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** Every stored blob, for the orphan sweep. */
  list(): AsyncIterable<StoredBlobEntry>;
  /** Drops the leftovers of writes that never completed (crashed process), started before `before`. */
  removeIncompleteWrites(before: Date): Promise<number>;
}

/** A blob found while walking storage. */
export interface StoredBlobEntry {
  key: string;
  modified_at: Date;
}

/** Injection token for the configured `FileStorage`. */
export const FILE_STORAGE = Symbol('FILE_STORAGE');

export class BlobNotFoundError extends Error {
  constructor(key: string) {
    super(`blob ${key} not found in storage`);
    this.name = 'BlobNotFoundError';
  }
}

/** A key that could escape the storage root, or was not made by storage. */
export class InvalidStorageKeyError extends Error {
  constructor(key: string) {
    super(`invalid storage key ${JSON.stringify(key.slice(0, 100))}`);
    this.name = 'InvalidStorageKeyError';
  }
}
