import { HttpStatus } from '@nestjs/common';
import { ApiException } from '@app/common';
import { detectMimeType, SNIFF_BYTES } from './mime-detection';

/** The size limit that applies to content of a detected type, and how to name it in the error. */
export interface UploadLimit {
  bytes: number;
  /** Plural noun for the error message, e.g. `project files`, `image attachments`. */
  label: string;
}

/** A stream that busboy may have cut short at its own hard limit. */
type UploadSource = AsyncIterable<Buffer> & { truncated?: boolean };

/**
 * Sits between the upload and storage: holds back the first bytes until the type is known, then
 * enforces the limit for that type. Past the limit it stops passing bytes on but keeps reading the
 * request to its end (so the connection stays usable), then fails with 413 — storage discards the
 * partial write, nothing lands on disk.
 */
export class UploadInspector {
  /** Detected from content once the first bytes arrived. */
  mimeType = 'application/octet-stream';
  /** Bytes received (including any over the limit). */
  size = 0;
  private limit: UploadLimit | null = null;
  private exceeded = false;

  constructor(private readonly limitFor: (mimeType: string) => UploadLimit) {}

  async *inspect(source: UploadSource): AsyncGenerator<Buffer> {
    const head: Buffer[] = [];
    let headBytes = 0;
    for await (const chunk of source) {
      if (this.limit) {
        yield* this.admit(chunk);
        continue;
      }
      head.push(chunk);
      headBytes += chunk.length;
      if (headBytes >= SNIFF_BYTES) yield* this.admit(await this.classify(Buffer.concat(head)));
    }
    if (!this.limit) yield* this.admit(await this.classify(Buffer.concat(head)));
    if (source.truncated || this.exceeded) throw tooLarge(this.limit as UploadLimit);
  }

  private async classify(head: Buffer): Promise<Buffer> {
    this.mimeType = await detectMimeType(head.subarray(0, SNIFF_BYTES));
    this.limit = this.limitFor(this.mimeType);
    return head;
  }

  private *admit(chunk: Buffer): Generator<Buffer> {
    this.size += chunk.length;
    if (this.size > (this.limit as UploadLimit).bytes) this.exceeded = true;
    if (!this.exceeded) yield chunk;
  }
}

export function tooLarge(limit: UploadLimit): ApiException {
  return new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, `${limit.label} are limited to ${formatBytes(limit.bytes)}`, [
    { field: 'file', message: `must be at most ${limit.bytes} bytes` },
  ]);
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1 && value % 1024 === 0) {
    value /= 1024;
    unit++;
  }
  return `${value} ${units[unit]}`;
}
