import { Injectable, Logger } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Document } from 'mongodb';
import type { Connection } from 'mongoose';
import { FieldEncryptionService } from '@app/crypto';
import { databaseCollections } from '../support/models';
import { NO_PROGRESS, ProgressReporter } from '../support/progress';

export interface RotationRow {
  collection: string;
  /** Dotted path; `[]` stands for any array position. */
  field: string;
  encrypted: number;
  rotated: number;
  /** Already under the active key. */
  current: number;
  /** Changed by someone else between read and write; the next run picks them up. */
  skipped: number;
  /** Could not be decrypted (key id not in ENCRYPTION_KEYS, or tampered). */
  failed: number;
}

export interface RotationReport {
  activeKeyId: string;
  rows: RotationRow[];
  failures: { collection: string; _id: string; path: string; reason: string }[];
  ok: boolean;
  /** Documents re-written by this run. */
  documents: number;
  /** False when the run stopped at its limit before reaching every document. */
  complete: boolean;
}

const MAX_DEPTH = 8;

/** Every encrypted string in a document, found by its `enc:v1:` prefix wherever it sits. */
function* encryptedValues(value: unknown, isEncrypted: (v: unknown) => boolean, path = '', depth = 0): Generator<{ path: string; value: string }> {
  if (isEncrypted(value)) {
    yield { path, value: value as string };
    return;
  }
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object' || value instanceof Date) return;
  if ((value as { _bsontype?: string })._bsontype) return;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (path === '' && key === '_id') continue;
    yield* encryptedValues(child, isEncrypted, path ? `${path}.${key}` : key, depth + 1);
  }
}

/**
 * Re-encrypts every value whose key id is not the active one. Encrypted fields are found by
 * scanning values (no registry to keep in step with the schemas), in every collection. Each
 * write is conditional on the ciphertext it replaces, so a run can be stopped and resumed, and
 * a value re-written meanwhile by the app (already under the new key) is never clobbered.
 */
@Injectable()
export class KeyRotationService {
  private readonly logger = new Logger('KeyRotation');

  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly encryption: FieldEncryptionService,
  ) {}

  /**
   * `limit` stops after that many documents were re-encrypted (rotate a big database in chunks,
   * or prove that a stopped run resumes): the next run carries on where this one stopped.
   */
  async rotateAll(progress: ProgressReporter = NO_PROGRESS, options: { limit?: number } = {}): Promise<RotationReport> {
    const db = this.connection.db!;
    const report: RotationReport = { activeKeyId: this.encryption.activeKeyId, rows: [], failures: [], ok: true, documents: 0, complete: true };
    const names = await databaseCollections(this.connection);
    let total = 0;
    for (const name of names) total += await db.collection(name).estimatedDocumentCount();
    const budget = { left: options.limit ?? Number.POSITIVE_INFINITY };
    progress.start('rotate', total);
    try {
      for (const name of names) await this.rotateCollection(name, report, progress, budget);
    } finally {
      progress.stop();
    }
    report.ok = report.failures.length === 0;
    const rotated = report.rows.reduce((sum, row) => sum + row.rotated, 0);
    this.logger.log(
      `re-encrypted ${rotated} value(s) in ${report.documents} document(s) under key ${report.activeKeyId}; ${report.failures.length} could not be decrypted${report.complete ? '' : '; stopped at the limit (run again to continue)'}`,
    );
    return report;
  }

  private async rotateCollection(name: string, report: RotationReport, progress: ProgressReporter, budget: { left: number }): Promise<void> {
    const collection = this.connection.db!.collection(name);
    const rows = new Map<string, RotationRow>();
    const rowFor = (field: string) => {
      if (!rows.has(field)) rows.set(field, { collection: name, field, encrypted: 0, rotated: 0, current: 0, skipped: 0, failed: 0 });
      return rows.get(field)!;
    };

    for await (const doc of collection.find({})) {
      if (budget.left <= 0) {
        report.complete = false;
        break;
      }
      // One conditional update per document: every value it replaces is in the filter, so a value
      // re-written meanwhile (by the app, or another run) is never clobbered; the doc's key_id moves with them.
      const filter: Document = { _id: doc._id };
      const set: Document = {};
      const fields: string[] = [];
      for (const { path, value } of encryptedValues(doc, (v) => this.encryption.isEncrypted(v))) {
        const field = path.replace(/\.\d+(?=\.|$)/g, '.[]');
        const row = rowFor(field);
        row.encrypted += 1;
        try {
          if (!this.encryption.needsRotation(value)) {
            row.current += 1;
            continue;
          }
          set[path] = this.encryption.rotate(value);
        } catch (error) {
          row.failed += 1;
          report.failures.push({ collection: name, _id: String(doc._id), path, reason: (error as Error).message });
          continue;
        }
        filter[path] = value;
        fields.push(field);
      }
      progress.increment();
      if (fields.length === 0) continue;
      const failedHere = report.failures.some((failure) => failure.collection === name && failure._id === String(doc._id));
      if (typeof doc.key_id === 'string' && !failedHere) {
        filter.key_id = doc.key_id;
        set.key_id = this.encryption.activeKeyId;
      }
      const result = await collection.updateOne(filter, { $set: set });
      for (const field of fields) rowFor(field)[result.modifiedCount === 1 ? 'rotated' : 'skipped'] += 1;
      if (result.modifiedCount === 1) {
        report.documents += 1;
        budget.left -= 1;
      }
    }
    report.rows.push(...rows.values());
  }
}
