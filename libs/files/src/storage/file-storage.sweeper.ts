import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { FILE_STORAGE, FileStorage, StoredBlobEntry } from './file-storage';

/** Collections whose documents own a blob through their `storage_key` (project files, message attachments). */
export const BLOB_OWNER_COLLECTIONS = ['files', 'message_attachments'] as const;

/** Blobs younger than this are never swept: their document may be about to be written. */
export const DEFAULT_SWEEP_GRACE_MS = 60 * 60 * 1000;

export interface SweepResult {
  scanned: number;
  removed_orphans: number;
  removed_incomplete: number;
}

/**
 * Without transactions, uploads write the blob before the document and deletes remove the document
 * before the blob, so a crash can leave a blob nobody references — never a document without its
 * blob. This sweep removes such orphans (and temp files of interrupted writes) once they are older
 * than a grace period. Safe to run at any time and repeatedly; meant for a scheduled job.
 */
@Injectable()
export class FileStorageSweeper {
  private readonly logger = new Logger(FileStorageSweeper.name);

  constructor(
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @InjectConnection() private readonly connection: Connection,
  ) {}

  async sweep(now: Date = new Date(), graceMs = DEFAULT_SWEEP_GRACE_MS, batchSize = 500): Promise<SweepResult> {
    const before = new Date(now.getTime() - graceMs);
    const result: SweepResult = { scanned: 0, removed_orphans: 0, removed_incomplete: await this.storage.removeIncompleteWrites(before) };
    let batch: StoredBlobEntry[] = [];
    for await (const entry of this.storage.list()) {
      result.scanned++;
      if (entry.modified_at >= before) continue;
      batch.push(entry);
      if (batch.length >= batchSize) {
        result.removed_orphans += await this.removeUnreferenced(batch);
        batch = [];
      }
    }
    if (batch.length > 0) result.removed_orphans += await this.removeUnreferenced(batch);
    if (result.removed_orphans || result.removed_incomplete) this.logger.log(`storage sweep: ${JSON.stringify(result)}`);
    return result;
  }

  private async removeUnreferenced(entries: StoredBlobEntry[]): Promise<number> {
    const keys = entries.map((entry) => entry.key);
    const referenced = new Set<string>();
    for (const collection of BLOB_OWNER_COLLECTIONS) {
      const rows = await this.connection.collection(collection).find({ storage_key: { $in: keys } }, { projection: { storage_key: 1 } }).toArray();
      rows.forEach((row) => referenced.add(String(row.storage_key)));
    }
    const orphans = keys.filter((key) => !referenced.has(key));
    for (const key of orphans) await this.storage.delete(key);
    return orphans.length;
  }
}
