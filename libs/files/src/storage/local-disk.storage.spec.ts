import { createHash } from 'crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Readable } from 'stream';
import { BlobNotFoundError, InvalidStorageKeyError } from './file-storage';
import { LocalDiskStorage } from './local-disk.storage';

describe('LocalDiskStorage', () => {
  let root: string;
  let storage: LocalDiskStorage;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'storage-spec-'));
    storage = new LocalDiskStorage(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('stores a stream under <aa>/<64 hex> with its size and SHA-256, and reads it back', async () => {
    const content = Buffer.from('hello storage');
    const blob = await storage.put(Readable.from([content.subarray(0, 5), content.subarray(5)]));
    expect(blob.key).toMatch(/^([0-9a-f]{2})\/\1[0-9a-f]{62}$/);
    expect(blob).toMatchObject({ size: content.length, sha256: createHash('sha256').update(content).digest('hex') });
    const read: Buffer[] = [];
    for await (const chunk of await storage.get(blob.key)) read.push(chunk as Buffer);
    expect(Buffer.concat(read).equals(content)).toBe(true);
    expect(await storage.exists(blob.key)).toBe(true);
    expect(readdirSync(join(root, '.tmp'))).toEqual([]);
  });

  it('gives two uploads of the same bytes two blobs', async () => {
    const a = await storage.put(Readable.from([Buffer.from('same')]));
    const b = await storage.put(Readable.from([Buffer.from('same')]));
    expect(a.key).not.toBe(b.key);
    expect(a.sha256).toBe(b.sha256);
  });

  it('leaves nothing behind when the stream fails', async () => {
    async function* failing() {
      yield Buffer.from('partial');
      throw new Error('client went away');
    }
    await expect(storage.put(failing())).rejects.toThrow('client went away');
    expect(readdirSync(root)).toEqual(['.tmp']);
    expect(readdirSync(join(root, '.tmp'))).toEqual([]);
  });

  it('refuses keys that could leave the root or that storage did not make', async () => {
    for (const key of ['../etc/passwd', 'ab/../../x', '/etc/passwd', `ab/${'c'.repeat(64)}`, 'ab/ab', `AB/AB${'0'.repeat(62)}`]) {
      expect(() => storage.pathOf(key)).toThrow(InvalidStorageKeyError);
    }
    await expect(storage.get('../../secret')).rejects.toThrow(InvalidStorageKeyError);
  });

  it('deletes idempotently and reports a missing blob', async () => {
    const blob = await storage.put(Readable.from([Buffer.from('x')]));
    await storage.delete(blob.key);
    await storage.delete(blob.key);
    expect(existsSync(join(root, blob.key))).toBe(false);
    await expect(storage.get(blob.key)).rejects.toThrow(BlobNotFoundError);
  });

  it('lists blobs for the orphan sweep', async () => {
    const blob = await storage.put(Readable.from([Buffer.from('x')]));
    const listed = [];
    for await (const entry of storage.list()) listed.push(entry.key);
    expect(listed).toEqual([blob.key]);
  });
});
