import { createHash, randomBytes } from 'crypto';
import mongoose, { Connection, Types } from 'mongoose';
import { Readable } from 'stream';
import { BlobNotFoundError, FileStorage, FileStorageSweeper, InvalidStorageKeyError } from '@app/files';

/** One driver under test, with views of its medium that go behind the driver's back. */
export interface StorageUnderTest {
  storage: FileStorage;
  /** Keys of finished blobs, read from the medium itself (disk folder, bucket listing). */
  storedKeys(): Promise<string[]>;
  /** Writes still open on the medium: temp files, incomplete multipart uploads. */
  pendingWrites(): Promise<string[]>;
  /** Leaves the remains of a write whose process died mid-upload. */
  leaveIncompleteWrite(): Promise<void>;
  close(): Promise<void>;
}

const MiB = 1024 * 1024;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** `content` in 64 KiB chunks, as a request body arrives; optionally failing after `failAfter` bytes. */
async function* chunked(content: Buffer, failAfter?: number): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < content.length; offset += 64 * 1024) {
    if (failAfter !== undefined && offset >= failAfter) throw new Error('client went away');
    yield content.subarray(offset, offset + 64 * 1024);
  }
  if (failAfter !== undefined) throw new Error('client went away');
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * What every `FileStorage` promises, run against each driver: the same keys, streamed both ways,
 * nothing visible before a write completes, nothing left by a failed one, and the sweeper.
 */
export function fileStorageContract(open: () => Promise<StorageUnderTest>): void {
  let subject: StorageUnderTest;
  let storage: FileStorage;
  beforeEach(async () => {
    subject = await open();
    storage = subject.storage;
  });
  afterEach(() => subject.close());

  it('streams a 12 MiB upload in and out byte for byte under a <aa>/<64 hex> key, with its size and SHA-256', async () => {
    const content = randomBytes(12 * MiB);
    const blob = await storage.put(chunked(content));
    expect(blob.key).toMatch(/^([0-9a-f]{2})\/\1[0-9a-f]{62}$/);
    expect(blob).toMatchObject({ size: content.length, sha256: sha256(content) });
    const read = await readAll(await storage.get(blob.key));
    expect(read.length).toBe(content.length);
    expect(read.equals(content)).toBe(true);
    expect(await storage.exists(blob.key)).toBe(true);
    expect(await subject.storedKeys()).toEqual([blob.key]);
    expect(await subject.pendingWrites()).toEqual([]);
  });

  it('gives two uploads of the same bytes two keys', async () => {
    const a = await storage.put(Readable.from([Buffer.from('same')]));
    const b = await storage.put(Readable.from([Buffer.from('same')]));
    expect(a.key).not.toBe(b.key);
    expect(a.sha256).toBe(b.sha256);
    expect((await subject.storedKeys()).sort()).toEqual([a.key, b.key].sort());
  });

  it.each([
    ['after 7 MiB (a multipart upload with a part already sent, on S3)', 7 * MiB],
    ['after 100 KiB (inside the first part)', 100 * 1024],
  ])('leaves nothing under any key when the upload stream fails %s', async (_label, failAfter) => {
    await expect(storage.put(chunked(randomBytes(9 * MiB), failAfter))).rejects.toThrow('client went away');
    expect(await subject.storedKeys()).toEqual([]);
    expect(await subject.pendingWrites()).toEqual([]);
    const listed: string[] = [];
    for await (const entry of storage.list()) listed.push(entry.key);
    expect(listed).toEqual([]);
  });

  it('reports a missing blob, deletes idempotently', async () => {
    const blob = await storage.put(Readable.from([Buffer.from('x')]));
    await storage.delete(blob.key);
    await storage.delete(blob.key);
    expect(await storage.exists(blob.key)).toBe(false);
    await expect(storage.get(blob.key)).rejects.toThrow(BlobNotFoundError);
    expect(await subject.storedKeys()).toEqual([]);
  });

  it('refuses keys it did not make before touching the medium (and none of them exists)', async () => {
    for (const key of ['../etc/passwd', 'ab/../../x', `ab/${'c'.repeat(64)}`, `AB/AB${'0'.repeat(62)}`]) {
      await expect(storage.get(key)).rejects.toThrow(InvalidStorageKeyError);
      await expect(storage.delete(key)).rejects.toThrow(InvalidStorageKeyError);
      expect(await storage.exists(key)).toBe(false);
    }
  });

  it('lists every blob across pages, with modification times', async () => {
    const keys: string[] = [];
    for (let i = 0; i < 5; i++) keys.push((await storage.put(Readable.from([Buffer.from(`blob ${i}`)]))).key);
    const listed: { key: string; modified_at: Date }[] = [];
    for await (const entry of storage.list()) listed.push(entry);
    expect(listed.map((entry) => entry.key).sort()).toEqual(keys.sort());
    for (const entry of listed) expect(Math.abs(entry.modified_at.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('drops incomplete writes started before the cut-off, and only those', async () => {
    await subject.leaveIncompleteWrite();
    expect(await subject.pendingWrites()).toHaveLength(1);
    expect(await storage.removeIncompleteWrites(new Date(Date.now() - 60_000))).toBe(0);
    expect(await subject.pendingWrites()).toHaveLength(1);
    expect(await storage.removeIncompleteWrites(new Date(Date.now() + 60_000))).toBe(1);
    expect(await subject.pendingWrites()).toEqual([]);
  });

  describe('FileStorageSweeper', () => {
    let connection: Connection;
    beforeAll(async () => {
      connection = await mongoose.createConnection(process.env.TEST_MONGODB_URI as string, { dbName: `sweep_${randomBytes(6).toString('hex')}` }).asPromise();
    });
    afterAll(async () => {
      await connection.dropDatabase();
      await connection.close();
    });

    it('removes blobs no file or attachment references and interrupted writes, keeps referenced ones and young ones', async () => {
      const file = await storage.put(Readable.from([Buffer.from('a project file')]));
      const attachment = await storage.put(Readable.from([Buffer.from('a message attachment')]));
      const orphan = await storage.put(Readable.from([Buffer.from('nobody points here')]));
      await connection.collection('files').insertOne({ _id: new Types.ObjectId(), storage_key: file.key });
      await connection.collection('message_attachments').insertOne({ _id: new Types.ObjectId(), storage_key: attachment.key });
      await subject.leaveIncompleteWrite();
      const sweeper = new FileStorageSweeper(storage, connection);

      // Within the grace period nothing is touched: the document may be about to be written.
      expect(await sweeper.sweep()).toEqual({ scanned: 3, removed_orphans: 0, removed_incomplete: 0 });
      expect(await subject.pendingWrites()).toHaveLength(1);

      const twoHoursOn = new Date(Date.now() + 2 * 3600 * 1000);
      expect(await sweeper.sweep(twoHoursOn, 3600 * 1000, 2)).toEqual({ scanned: 3, removed_orphans: 1, removed_incomplete: 1 });
      expect((await subject.storedKeys()).sort()).toEqual([file.key, attachment.key].sort());
      expect(await subject.pendingWrites()).toEqual([]);
      expect(await sweeper.sweep(twoHoursOn, 3600 * 1000)).toEqual({ scanned: 2, removed_orphans: 0, removed_incomplete: 0 });
    });
  });
}
