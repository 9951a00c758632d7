/** The coarse kind of an attachment, decided from its sniffed MIME type; each kind has its own size limit. */
export enum DetectedType {
  Image = 'image',
  Document = 'document',
  Video = 'video',
  Audio = 'audio',
  Archive = 'archive',
  Other = 'other',
}

const DOCUMENT_TYPES = new Set([
  'application/pdf',
  'application/rtf',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/x-cfb', // OLE2 container: Office 97–2003 documents
  'application/epub+zip',
  'application/xml',
]);
const DOCUMENT_PREFIXES = ['text/', 'application/vnd.openxmlformats-officedocument.', 'application/vnd.oasis.opendocument.'];

const ARCHIVE_TYPES = new Set([
  'application/zip',
  'application/gzip',
  'application/x-tar',
  'application/x-bzip2',
  'application/x-7z-compressed',
  'application/x-rar-compressed',
  'application/vnd.rar',
  'application/x-xz',
  'application/zstd',
  'application/x-compress',
  'application/x-lzip',
  'application/x-lzh-compressed',
  'application/x-cpio',
  'application/x-unix-archive',
]);

export function detectedTypeOf(mimeType: string): DetectedType {
  const mime = mimeType.toLowerCase();
  if (mime.startsWith('image/')) return DetectedType.Image;
  if (mime.startsWith('video/')) return DetectedType.Video;
  if (mime.startsWith('audio/')) return DetectedType.Audio;
  if (ARCHIVE_TYPES.has(mime)) return DetectedType.Archive;
  if (DOCUMENT_TYPES.has(mime) || DOCUMENT_PREFIXES.some((prefix) => mime.startsWith(prefix))) return DetectedType.Document;
  return DetectedType.Other;
}
