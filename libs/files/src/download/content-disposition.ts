/** Control characters (C0, C1) and bidirectional overrides that can disguise an extension (`evil\u202Etxt.exe`). */
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const MAX_NAME_LENGTH = 200;
const DEFAULT_NAME = 'file';

/**
 * The client's file name made safe to show and to offer back on download: the last path segment
 * only (`../../evil.txt` → `evil.txt`), NFC, no control or bidi characters, whitespace collapsed,
 * at most 200 characters keeping the extension. It is display data only; storage never uses it.
 */
export function sanitizeFileName(raw: string | undefined | null): string {
  const lastSegment = String(raw ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = lastSegment.normalize('NFC').replace(UNSAFE_CHARACTERS, '').replace(/\s+/g, ' ').trim();
  if (!cleaned || /^\.+$/.test(cleaned)) return DEFAULT_NAME;
  return truncateKeepingExtension(cleaned, MAX_NAME_LENGTH);
}

function truncateKeepingExtension(name: string, max: number): string {
  const chars = [...name];
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? [...name.slice(dot)] : [];
  if (extension.length > 0 && extension.length <= 20) return chars.slice(0, max - extension.length).join('').trimEnd() + extension.join('');
  return chars.slice(0, max).join('');
}

/**
 * `Content-Disposition` for a download: an ASCII `filename` for old clients and the exact name as
 * RFC 5987 / RFC 6266 `filename*=UTF-8''…`. Always `attachment` unless told otherwise, so
 * uploaded HTML or SVG is never rendered in our origin.
 */
export function contentDisposition(fileName: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const name = sanitizeFileName(fileName);
  return `${disposition}; filename="${asciiFallback(name)}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}

/** Accents dropped (é → e), everything else outside printable ASCII, quotes, backslashes and % → `_`. */
export function asciiFallback(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return ascii.replace(/^_+$/, '') || DEFAULT_NAME;
}

/** RFC 5987 `value-chars`: percent-encode everything but attr-char (encodeURIComponent leaves `'()*` alone). */
export function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
