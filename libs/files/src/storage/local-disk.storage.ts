import { randomBytes } from 'crypto';
import { createWriteStream } from 'fs';
import { mkdir, open, readdir, rename, rm, stat } from 'fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'path';
import type { Readable } from 'stream';
import { pipeline } from 'stream/promises';
import { createSha256 } from '@app/crypto';
import { assertStorageKey, BlobNotFoundError, FileStorage, InvalidStorageKeyError, newStorageKey, STORAGE_KEY_PATTERN, StoredBlob, StoredBlobEntry } from './file-storage';

const TEMP_DIR = '.tmp';

/**
 * Blobs on the local disk under one root. A write streams into `<root>/.tmp/` while hashing and
 * is renamed into place only once complete (same filesystem, so the rename is atomic): a crash or
 * an aborted upload never leaves a partial blob under a real key. Names are the SHA-256 of a
 * random id, so they say nothing about the file and two uploads of the same bytes never share a
 * blob (deleting one cannot break the other).
 */
export class LocalDiskStorage implements FileStorage {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async put(content: AsyncIterable<Buffer> | Readable): Promise<StoredBlob> {
    const tempDir = join(this.root, TEMP_DIR);
    await mkdir(tempDir, { recursive: true });
    const tempPath = join(tempDir, `${randomBytes(16).toString('hex')}.part`);
    const hash = createSha256();
    let size = 0;
    try {
      await pipeline(
        content,
        async function* measure(source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            hash.update(chunk);
            size += chunk.length;
            yield chunk;
          }
        },
        createWriteStream(tempPath, { flags: 'wx', mode: 0o600 }),
      );
      const key = newStorageKey();
      const target = this.pathOf(key);
      await mkdir(dirname(target), { recursive: true });
      await rename(tempPath, target);
      return { key, size, sha256: hash.digest('hex') };
    } catch (error) {
      await rm(tempPath, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    try {
      const handle = await open(path, 'r');
      return handle.createReadStream();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new BlobNotFoundError(key);
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch {
      return false;
    }
  }

  /** Every blob under the root (not the temp area), with its modification time. */
  async *list(): AsyncGenerator<StoredBlobEntry> {
    for (const prefix of await this.readDir(this.root)) {
      if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
      for (const name of await this.readDir(join(this.root, prefix))) {
        const key = `${prefix}/${name}`;
        if (!STORAGE_KEY_PATTERN.test(key)) continue;
        const info = await stat(this.pathOf(key)).catch(() => null);
        if (info?.isFile()) yield { key, modified_at: info.mtime };
      }
    }
  }

  /** Removes temp files of uploads that never finished (crashed process), older than `before`. */
  async removeIncompleteWrites(before: Date): Promise<number> {
    let removed = 0;
    const tempDir = join(this.root, TEMP_DIR);
    for (const name of await this.readDir(tempDir)) {
      const path = join(tempDir, name);
      const info = await stat(path).catch(() => null);
      if (info && info.mtime < before) {
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }

  /** The absolute path of a key; refuses anything storage did not make or that leaves the root. */
  pathOf(key: string): string {
    assertStorageKey(key);
    const path = resolve(this.root, ...key.split('/'));
    const inside = relative(this.root, path);
    if (!inside || inside.startsWith('..') || isAbsolute(inside) || inside.split(sep).length !== 2) throw new InvalidStorageKeyError(key);
    return path;
  }

  private async readDir(path: string): Promise<string[]> {
    try {
      return await readdir(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }
}
