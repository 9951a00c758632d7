import { fromBuffer } from 'file-type';

/** How many leading bytes type detection looks at (what `file-type` needs for every format it knows). */
export const SNIFF_BYTES = 4100;

export const FALLBACK_BINARY_TYPE = 'application/octet-stream';
export const FALLBACK_TEXT_TYPE = 'text/plain';

/**
 * The MIME type of content from its first bytes (magic numbers), never from the client's
 * Content-Type or the file name: a PNG sent as text/plain is image/png, an executable renamed to
 * .pdf is application/octet-stream. Unknown content that is valid UTF-8 text is text/plain.
 */
export async function detectMimeType(head: Buffer): Promise<string> {
  if (head.length === 0) return FALLBACK_BINARY_TYPE;
  const detected = await fromBuffer(head);
  if (detected) return detected.mime;
  return looksLikeText(head) ? FALLBACK_TEXT_TYPE : FALLBACK_BINARY_TYPE;
}

/** Control bytes that never occur in text (tab, line feed, form feed, carriage return and escape do). */
const BINARY_CONTROL_BYTE = /[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]/;

/**
 * True when the bytes decode as UTF-8 and hold no binary control bytes. A multi-byte character
 * cut at the end of the sniffed window is tolerated (streaming decode keeps it pending).
 */
export function looksLikeText(bytes: Buffer): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
  } catch {
    return false;
  }
  return !BINARY_CONTROL_BYTE.test(text);
}
