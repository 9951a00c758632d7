import { createHash, Hash } from 'crypto';

/**
 * Backup file: gzip'd NDJSON, one line per document in canonical EJSON (types survive:
 * ObjectId, Date, Decimal128, Int32 vs Double), grouped by collection, then one manifest line:
 *
 *   {"collection":"users","doc":{"_id":{"$oid":"..."},...}}
 *   {"manifest":{"format":"logic-camp-backup","format_version":1,"database":"...",
 *                "created_at":"...","collections":{"users":{"count":12,"sha256":"...","indexes":[...]}}}}
 *
 * A collection's sha256 is over its document lines exactly as written (each with its "\n"), so
 * restore can check every byte before it drops anything.
 */
export const BACKUP_FORMAT = 'logic-camp-backup';
export const BACKUP_FORMAT_VERSION = 1;

export interface BackupIndex {
  name: string;
  key: Record<string, unknown>;
  options: Record<string, unknown>;
}

export interface CollectionManifest {
  count: number;
  sha256: string;
  indexes: BackupIndex[];
}

export interface BackupManifest {
  format: string;
  format_version: number;
  database: string;
  created_at: string;
  /** How the moment was captured (backup-snapshot.ts); absent in files written before it existed. */
  consistency?: 'snapshot-session' | 'engine-snapshot' | 'live';
  collections: Record<string, CollectionManifest>;
}

export function documentLine(collection: string, docEjson: string): string {
  return `{"collection":${JSON.stringify(collection)},"doc":${docEjson}}\n`;
}

const DOCUMENT_LINE = /^\{"collection":("(?:[^"\\]|\\.)*"),"doc":(.*)\}$/s;

/** Splits a document line without parsing the document (restore parses it only when writing). */
export function parseDocumentLine(line: string): { collection: string; docEjson: string } | null {
  const match = DOCUMENT_LINE.exec(line);
  return match ? { collection: JSON.parse(match[1]) as string, docEjson: match[2] } : null;
}

/** Running count and checksum of one collection's lines. */
export class CollectionDigest {
  private readonly hash: Hash = createHash('sha256');
  count = 0;

  add(line: string): void {
    this.hash.update(line);
    this.count += 1;
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

/** Index options worth carrying over (the rest are engine bookkeeping). */
export function portableIndex(index: Record<string, unknown>): BackupIndex {
  const { key, name, v: _v, ns: _ns, background: _bg, ...options } = index;
  return { name: String(name), key: key as Record<string, unknown>, options };
}
