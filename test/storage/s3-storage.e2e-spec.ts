import { AbortMultipartUploadCommand, CreateMultipartUploadCommand, ListMultipartUploadsCommand, paginateListObjectsV2, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { randomBytes } from 'crypto';
import { FileStorageUnavailableError, newStorageKey, S3ObjectStorage, S3StorageOptions } from '@app/files';
import { describeWithS3, S3TestServer } from '../support/s3-server';
import { fileStorageContract } from './file-storage.contract';

describeWithS3('FileStorage contract: S3 (FILE_STORAGE_DRIVER=s3, versitygw)', () => {
  let server: S3TestServer;
  let admin: S3Client;

  const options = (bucket: string, overrides: Partial<S3StorageOptions> = {}): S3StorageOptions => ({
    endpoint: server.endpoint,
    region: 'us-east-1',
    bucket,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    forcePathStyle: true,
    ...overrides,
  });
  const freshBucket = () => `contract-${randomBytes(6).toString('hex')}`;

  beforeAll(async () => {
    server = await S3TestServer.start();
    admin = server.client();
  });
  afterAll(async () => {
    admin?.destroy();
    await server?.stop();
  });

  describe('the driver', () => {
    fileStorageContract(async () => {
      const bucket = freshBucket();
      // Two objects or uploads per list request, so listing and the sweep walk several pages.
      const storage = new S3ObjectStorage(options(bucket, { listPageSize: 2 }));
      await storage.prepareBucket(true);
      const pendingWrites = async () => ((await admin.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []).map((upload) => `${upload.Key} ${upload.UploadId}`);
      return {
        storage,
        storedKeys: async () => {
          const keys: string[] = [];
          for await (const page of paginateListObjectsV2({ client: admin }, { Bucket: bucket })) keys.push(...(page.Contents ?? []).map((object) => object.Key!));
          return keys;
        },
        pendingWrites,
        leaveIncompleteWrite: async () => {
          const key = newStorageKey();
          const { UploadId } = await admin.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
          await admin.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 1, Body: randomBytes(1024) }));
        },
        close: async () => {
          for (const upload of (await admin.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []) {
            await admin.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: upload.Key, UploadId: upload.UploadId }));
          }
        },
      };
    });
  });

  describe('the bucket at start-up', () => {
    it('is created when missing outside production, and found the next time', async () => {
      const storage = new S3ObjectStorage(options(freshBucket()));
      await storage.prepareBucket(true);
      await storage.prepareBucket(true);
      await storage.prepareBucket(false);
    });

    it('missing in production stops the start with the bucket named and what to do', async () => {
      const bucket = freshBucket();
      const failure = new S3ObjectStorage(options(bucket)).prepareBucket(false);
      await expect(failure).rejects.toThrow(FileStorageUnavailableError);
      await expect(failure).rejects.toThrow(`S3 bucket "${bucket}" at ${server.endpoint} does not exist; create it before starting`);
    });

    it('refused credentials are named by setting, never by value', async () => {
      const wrongSecret = `wrong-${randomBytes(12).toString('hex')}`;
      const storage = new S3ObjectStorage(options(freshBucket(), { credentials: { accessKeyId: server.accessKeyId, secretAccessKey: wrongSecret } }));
      const error = await storage.prepareBucket(true).then(() => undefined, (caught: Error) => caught);
      expect(error).toBeInstanceOf(FileStorageUnavailableError);
      expect(error?.message).toMatch(/access denied; check S3_ACCESS_KEY_ID \/ S3_SECRET_ACCESS_KEY/);
      expect(error?.message).not.toContain(wrongSecret);
      expect(error?.message).not.toContain(server.secretAccessKey);
    });

    it('an endpoint nobody answers on is reported with the settings to check', async () => {
      const storage = new S3ObjectStorage(options(freshBucket(), { endpoint: 'http://127.0.0.1:9' }));
      await expect(storage.prepareBucket(true)).rejects.toThrow(/cannot be reached \(.*\); check S3_ENDPOINT, S3_REGION and S3_FORCE_PATH_STYLE/);
    });
  });
});
