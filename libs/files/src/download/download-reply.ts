import { StreamableFile } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Readable } from 'stream';
import { essence, FALLBACK_BINARY_TYPE, FALLBACK_TEXT_TYPE, isScriptableMarkup } from '../upload/mime-detection';
import { contentDisposition } from './content-disposition';

/** Nothing loads and nothing runs, even in a browser that renders the download anyway. */
export const DOWNLOAD_CSP = "default-src 'none'; sandbox";

/** A stored type that is a well-formed `type/subtype` token (RFC 9110), parameters allowed. */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;

/**
 * The Content-Type a stored file is served with. Uploads never store XML-family types any more,
 * but records from before still may: they are served as text, never as a document a browser
 * would run. Anything that is not a plain media type is served as binary.
 */
export function servedContentType(storedMimeType: string | null | undefined): string {
  const type = essence(String(storedMimeType ?? ''));
  if (!MEDIA_TYPE.test(type)) return FALLBACK_BINARY_TYPE;
  return isScriptableMarkup(type) ? FALLBACK_TEXT_TYPE : type;
}

export interface DownloadMetadata {
  mimeType: string;
  /** Unknown for a generated stream (a CSV export): sent chunked then. */
  size?: number;
  /** The ETag; left out for a generated stream. */
  sha256?: string;
  fileName: string;
}

/**
 * The one way a stored file leaves the server (project files and message attachments): its served
 * type, always `attachment`, never sniffed, never cached, and a CSP under which it cannot act.
 */
export function downloadResponse(reply: FastifyReply, file: DownloadMetadata, content: Readable): StreamableFile {
  if (file.sha256) void reply.header('etag', `"${file.sha256}"`);
  void reply
    .header('cache-control', 'private, no-store')
    .header('content-security-policy', DOWNLOAD_CSP)
    .header('x-content-type-options', 'nosniff');
  return new StreamableFile(content, { type: servedContentType(file.mimeType), length: file.size, disposition: contentDisposition(file.fileName) });
}

/**
 * The 200 of a download route as `downloadResponse` sends it: the bytes under the detected type
 * (application/octet-stream when unknown; XML-family types as text/plain) and the headers a client reads.
 */
export const ApiDownloadResponse = () =>
  ApiOkResponse({
    description:
      "The content. Content-Type is the detected type (application/octet-stream when unknown, XML-family types as text/plain); always an attachment, under `Content-Security-Policy: default-src 'none'; sandbox`",
    content: {
      'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
      '*/*': { schema: { type: 'string', format: 'binary' } },
    },
    headers: {
      ETag: { description: 'The SHA-256 of the content, quoted', schema: { type: 'string' } },
      'Content-Disposition': { description: '`attachment` with the stored file name (RFC 6266 `filename*` for non-ASCII names)', schema: { type: 'string' } },
      'Content-Length': { description: 'Size in bytes', schema: { type: 'integer', minimum: 0 } },
    },
  });
