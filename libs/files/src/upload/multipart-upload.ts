import { HttpStatus } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Multipart, MultipartFile } from '@fastify/multipart';
import { ApiException, badRequest, ErrorDetail } from '@app/common';

export interface ReceiveFileOptions<T> {
  /** Name of the multipart part that carries the content. */
  fileField: string;
  /** Text fields accepted next to the file (before or after it); any other is a 400. */
  fields: string[];
  /** Hard ceiling for the parser; the inspector applies the precise per-type limit. */
  maxFileBytes: number;
  /** Streams the file part somewhere (storage) and says what was stored. */
  store: (file: MultipartFile) => Promise<T>;
  /** Undoes `store` when the request fails after the file was stored. */
  discard: (stored: T) => Promise<void>;
}

export interface ReceivedFile<T> {
  stored: T;
  /** As the client sent it; sanitise before showing. */
  fileName: string;
  /** Each accepted text field's values, in order (a field may repeat). */
  fields: Record<string, string[]>;
}

export interface ReceiveFilesOptions<T> extends ReceiveFileOptions<T> {
  /** Fewest file parts accepted (0: text fields alone are fine). */
  minFiles: number;
  /** Most file parts accepted; one more is a 400. */
  maxFiles: number;
}

export interface ReceivedFiles<T> {
  /** In the order the parts arrived. */
  files: { stored: T; fileName: string }[];
  fields: Record<string, string[]>;
}

/**
 * Reads a `multipart/form-data` request holding exactly one file, streaming the file straight to
 * `store` while it arrives (never buffered whole). Text fields may come before or after the file.
 * If anything fails after the file was stored, the stored blob is discarded.
 */
export async function receiveFile<T>(request: FastifyRequest, options: ReceiveFileOptions<T>): Promise<ReceivedFile<T>> {
  const { files, fields } = await receiveFiles(request, { ...options, minFiles: 1, maxFiles: 1 });
  return { ...files[0], fields };
}

/**
 * `receiveFile` for several file parts (all named `fileField`), each streamed to `store` in turn.
 * If anything fails, every file stored so far is discarded before the error is thrown.
 */
export async function receiveFiles<T>(request: FastifyRequest, options: ReceiveFilesOptions<T>): Promise<ReceivedFiles<T>> {
  if (!request.isMultipart()) {
    throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, `the body must be multipart/form-data with a "${options.fileField}" part`);
  }
  if (!/;\s*boundary=/i.test(request.headers['content-type'] ?? '')) {
    throw badRequest('the multipart/form-data Content-Type needs a boundary parameter', [{ field: 'content-type', message: 'must carry a boundary' }]);
  }
  const fields: Record<string, string[]> = {};
  const problems: ErrorDetail[] = [];
  const received: { stored: T; fileName: string }[] = [];
  const discardAll = async () => {
    for (const file of received) await options.discard(file.stored);
  };
  // Iterated by hand, not with for-await: a for-await would close the iterator on the first error
  // and lose the parser's own error queued behind it (see parserErrorBehind).
  const parts = request.parts({ limits: { fileSize: options.maxFileBytes, files: options.maxFiles } }) as AsyncIterableIterator<Multipart>;
  try {
    for (let next = await parts.next(); !next.done; next = await parts.next()) {
      const part = next.value;
      if (part.type === 'file') {
        if (part.fieldname !== options.fileField || received.length >= options.maxFiles) {
          problems.push({ field: part.fieldname, message: received.length >= options.maxFiles ? tooManyFiles(options.maxFiles) : `send the file in a part named "${options.fileField}"` });
          await drain(part.file);
          continue;
        }
        received.push({ stored: await options.store(part), fileName: part.filename });
      } else if (options.fields.includes(part.fieldname)) {
        (fields[part.fieldname] ??= []).push(String(part.value));
      } else {
        problems.push({ field: part.fieldname, message: `is not accepted (accepted: ${[options.fileField, ...options.fields].join(', ')})` });
      }
    }
  } catch (error) {
    await discardAll();
    throw translateMultipartError(await parserErrorBehind(parts, error), options);
  }
  if (received.length < options.minFiles) {
    problems.push({
      field: options.fileField,
      message: options.minFiles === 1 ? `is required: send the content as a multipart part named "${options.fileField}"` : `needs at least ${options.minFiles} parts`,
    });
  }
  if (problems.length > 0) {
    await discardAll();
    throw badRequest(problems.map((p) => `${p.field} ${p.message}`).join('; '), problems);
  }
  return { files: received, fields };
}

function tooManyFiles(maxFiles: number): string {
  return maxFiles === 1 ? 'only one file per request' : `at most ${maxFiles} files per request`;
}

async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of stream) {
    // discard
  }
}

const PARSER_ERROR_WAIT_MS = 1000;

/**
 * When the parser stops on a limit (too many fields, parts or files) it destroys the file stream
 * being stored, so storing fails with a bare "Premature close" while the error that says what
 * to change waits in the part iterator. Fetch it; any other failure is returned as it was.
 */
async function parserErrorBehind(parts: AsyncIterator<Multipart>, error: unknown): Promise<unknown> {
  if (errorCode(error) !== 'ERR_STREAM_PREMATURE_CLOSE') return error;
  let timer: NodeJS.Timeout | undefined;
  const giveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, PARSER_ERROR_WAIT_MS)));
  try {
    await Promise.race([parts.next(), giveUp]);
  } catch (parserError) {
    return parserError;
  } finally {
    clearTimeout(timer);
  }
  return error;
}

/** The parser's own errors, reworded so the message says what to change. */
function translateMultipartError(error: unknown, options: Pick<ReceiveFilesOptions<unknown>, 'fileField' | 'maxFileBytes' | 'maxFiles'>): unknown {
  switch (errorCode(error)) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, `the file is larger than the ${options.maxFileBytes}-byte limit`, [
        { field: options.fileField, message: `must be at most ${options.maxFileBytes} bytes` },
      ]);
    case 'FST_FILES_LIMIT':
      return options.maxFiles === 1
        ? badRequest('send exactly one file per request', [{ field: options.fileField, message: tooManyFiles(1) }])
        : badRequest(`send at most ${options.maxFiles} files per request`, [{ field: options.fileField, message: tooManyFiles(options.maxFiles) }]);
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return badRequest('too many multipart fields', []);
    case 'FST_PROTO_VIOLATION':
      return badRequest('a multipart field name is not allowed', []);
    case 'ERR_STREAM_PREMATURE_CLOSE':
      // The request body stopped mid-file and the parser gave no reason (a client that hung up).
      return badRequest('the multipart body ended before the file was complete', []);
    default:
      return isMalformedBody(error) ? badRequest(`the multipart body is malformed: ${(error as Error).message}`, []) : error;
  }
}

const errorCode = (error: unknown): string | undefined => (error as { code?: string } | null)?.code;

/** busboy's parse errors carry no code; they are the client's fault, unlike storage failures. */
function isMalformedBody(error: unknown): boolean {
  return error instanceof Error && /^(Multipart: |Unexpected end of|Malformed part header|Part terminated early)/.test(error.message);
}
