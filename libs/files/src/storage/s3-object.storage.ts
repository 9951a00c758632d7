import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  paginateListObjectsV2,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { HttpStatus, Logger } from '@nestjs/common';
import { Readable } from 'stream';
import { ApiException } from '@app/common';
import { createSha256 } from '@app/crypto';
import { assertStorageKey, BlobNotFoundError, FileStorage, newStorageKey, STORAGE_KEY_PATTERN, StoredBlob, StoredBlobEntry } from './file-storage';

export interface S3StorageOptions {
  /** `http(s)://host[:port]`; unset: the provider's endpoint for `region` (AWS). */
  endpoint?: string;
  region: string;
  bucket: string;
  /** Unset: the SDK's default credential chain (instance role, AWS_* variables). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** `bucket` in the path instead of the host name (MinIO, versitygw, most self-hosted servers). */
  forcePathStyle: boolean;
  /** Objects per list request (1000, S3's maximum). */
  listPageSize?: number;
}

/** Part size of a multipart upload (S3's minimum): memory per upload is at most `PART_BYTES × PART_QUEUE`. */
const PART_BYTES = 5 * 1024 * 1024;
const PART_QUEUE = 2;

/** The bucket is missing or cannot be used with the configured credentials; the message names the fix. */
export class FileStorageUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileStorageUnavailableError';
  }
}

/**
 * Blobs as objects in one S3 bucket, under the very keys the local driver uses (`<aa>/<64 hex>`),
 * so documents and backups do not depend on the driver. Uploads stream through lib-storage's
 * `Upload` (one PUT below 5 MiB, else a multipart upload of 5 MiB parts, two in flight) while the
 * SHA-256 and size are computed; an object appears under its key only when the PUT or the
 * multipart completion succeeds, which S3 makes atomic. A failed upload aborts its multipart
 * upload and deletes the key in case the completion went through unacknowledged, so nothing is left
 * under the key; parts of a process that died mid-upload are aborted by `removeIncompleteWrites`.
 */
export class S3ObjectStorage implements FileStorage {
  readonly bucket: string;
  private readonly client: S3Client;
  private readonly logger = new Logger(S3ObjectStorage.name);

  constructor(private readonly options: S3StorageOptions) {
    this.bucket = options.bucket;
    this.client = new S3Client({
      endpoint: options.endpoint || undefined,
      region: options.region,
      credentials: options.credentials,
      forcePathStyle: options.forcePathStyle,
      maxAttempts: 3,
    });
  }

  /**
   * Checks the bucket answers with our credentials; creates it when it is missing and `create` is
   * set (development, test). Production never creates one: a missing bucket is a deploy mistake.
   */
  async prepareBucket(create: boolean): Promise<void> {
    const where = `S3 bucket "${this.bucket}" at ${this.options.endpoint || `the ${this.options.region} endpoint`}`;
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
      return;
    } catch (error) {
      const status = statusOf(error);
      if (status === 403) throw new FileStorageUnavailableError(`${where}: access denied; check S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY and the key's permissions on the bucket`);
      if (status !== 404) throw new FileStorageUnavailableError(`${where} cannot be reached (${describe(error)}); check S3_ENDPOINT, S3_REGION and S3_FORCE_PATH_STYLE`);
    }
    if (!create) throw new FileStorageUnavailableError(`${where} does not exist; create it before starting (it is created automatically only outside production)`);
    try {
      await this.client.send(new CreateBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      // Another instance starting at the same moment made it first.
      if (error instanceof S3ServiceException && (error.name === 'BucketAlreadyOwnedByYou' || error.name === 'BucketAlreadyExists')) return;
      throw new FileStorageUnavailableError(`${where} does not exist and creating it failed (${describe(error)})`);
    }
  }

  async put(content: AsyncIterable<Buffer> | Readable): Promise<StoredBlob> {
    const key = newStorageKey();
    const hash = createSha256();
    let size = 0;
    async function* measure(source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        hash.update(chunk);
        size += chunk.length;
        yield chunk;
      }
    }
    const body = Readable.from(measure(content), { objectMode: false });
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: 'application/octet-stream' },
      partSize: PART_BYTES,
      queueSize: PART_QUEUE,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (error) {
      body.destroy();
      // Completion may have reached the server even though its answer did not reach us.
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })).catch(() => undefined);
      throw this.unavailable('upload', error);
    }
    return { key, size, sha256: hash.digest('hex') };
  }

  async get(key: string): Promise<Readable> {
    assertStorageKey(key);
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return response.Body as Readable;
    } catch (error) {
      if (isMissing(error)) throw new BlobNotFoundError(key);
      throw this.unavailable('download', error);
    }
  }

  async delete(key: string): Promise<void> {
    assertStorageKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })).catch((error: unknown) => {
      throw this.unavailable('delete', error);
    });
  }

  async exists(key: string): Promise<boolean> {
    if (!STORAGE_KEY_PATTERN.test(key)) return false;
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw this.unavailable('stat', error);
    }
  }

  /** Every blob in the bucket (objects of another shape are not ours and are skipped), page by page. */
  async *list(): AsyncGenerator<StoredBlobEntry> {
    for await (const page of paginateListObjectsV2({ client: this.client, pageSize: this.options.listPageSize ?? 1000 }, { Bucket: this.bucket })) {
      for (const object of page.Contents ?? []) {
        if (object.Key && STORAGE_KEY_PATTERN.test(object.Key)) yield { key: object.Key, modified_at: object.LastModified ?? new Date(0) };
      }
    }
  }

  /** Aborts multipart uploads (ours) initiated before `before`: parts a crashed process left, which S3 would keep and bill. */
  async removeIncompleteWrites(before: Date): Promise<number> {
    let removed = 0;
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    do {
      const page = await this.client.send(new ListMultipartUploadsCommand({ Bucket: this.bucket, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker, MaxUploads: this.options.listPageSize }));
      for (const upload of page.Uploads ?? []) {
        if (!upload.Key || !upload.UploadId || !STORAGE_KEY_PATTERN.test(upload.Key)) continue;
        if (upload.Initiated && upload.Initiated >= before) continue;
        await this.client
          .send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: upload.Key, UploadId: upload.UploadId }))
          .catch((error: unknown) => {
            if (statusOf(error) !== 404) throw error;
          });
        removed++;
      }
      const more = page.IsTruncated === true && (page.NextKeyMarker !== keyMarker || page.NextUploadIdMarker !== uploadIdMarker);
      keyMarker = more ? page.NextKeyMarker : undefined;
      uploadIdMarker = more ? page.NextUploadIdMarker : undefined;
    } while (keyMarker !== undefined);
    return removed;
  }

  /**
   * S3 unreachable or failing on its side is not the caller's fault: a 503 (with Retry-After, from
   * the error filter) instead of a 500. The filter does not log 503s, so the cause is logged here.
   * Anything else (the upload stream's own errors: size limit, client gone) passes unchanged.
   */
  private unavailable(operation: string, error: unknown): unknown {
    if (!isOutage(error)) return error;
    this.logger.warn(`S3 ${operation} in bucket ${this.bucket} failed: ${describe(error)}`);
    return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, 'File storage unavailable; retry shortly');
  }
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

/** An SDK error with no HTTP status (connection refused, reset, timed out) or a 5xx from the server. */
function isOutage(error: unknown): boolean {
  if (!error || typeof error !== 'object' || !('$metadata' in error)) return false;
  const status = statusOf(error);
  return status === undefined || status >= 500;
}

function isMissing(error: unknown): boolean {
  return statusOf(error) === 404 || (error instanceof S3ServiceException && (error.name === 'NoSuchKey' || error.name === 'NotFound'));
}

/** The error's name and code, never the request (its signature) or the credentials. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: string }).code;
  return [error.name, code, statusOf(error) ? `HTTP ${statusOf(error)}` : undefined].filter(Boolean).join(', ') || 'unknown error';
}
