import { Injectable, Logger } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { createReadStream, existsSync } from 'fs';
import { BSON, Document } from 'mongodb';
import type { Connection } from 'mongoose';
import { createGunzip } from 'zlib';
import { BATCH_SIZE } from '../support/batches';
import { isNamespaceMissing, OpsError } from '../support/ops-error';
import { NO_PROGRESS, ProgressReporter } from '../support/progress';
import { BACKUP_FORMAT, BackupManifest, CollectionDigest, parseDocumentLine } from './backup-format';

/** Lines of a gzip'd text file; rejects on a truncated or corrupted stream. */
async function* gzipLines(path: string): AsyncGenerator<string> {
  const gunzip = createGunzip();
  const input = createReadStream(path);
  input.on('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  gunzip.setEncoding('utf8');
  let rest = '';
  for await (const chunk of gunzip as AsyncIterable<string>) {
    rest += chunk;
    let newline: number;
    while ((newline = rest.indexOf('\n')) >= 0) {
      yield rest.slice(0, newline);
      rest = rest.slice(newline + 1);
    }
  }
  if (rest.length > 0) yield rest;
}

/** Where a collection is rebuilt before it replaces the real one. */
export function restoreTempName(collection: string): string {
  return `${collection}__restore_tmp`;
}

/**
 * Restores a backup written by BackupService. The whole file is read and checked against its
 * manifest (counts and checksums) before anything is dropped, so a truncated or edited file
 * never costs the current data.
 */
@Injectable()
export class RestoreService {
  private readonly logger = new Logger('Restore');

  constructor(@InjectConnection() private readonly connection: Connection) {}

  /** Reads the whole file; returns its manifest or throws naming the first problem. */
  async verify(path: string, progress: ProgressReporter = NO_PROGRESS): Promise<BackupManifest> {
    if (!existsSync(path)) throw new OpsError(`backup file ${path} does not exist`);
    const digests = new Map<string, CollectionDigest>();
    let manifest: BackupManifest | undefined;
    let current: string | undefined;
    let lineNo = 0;
    progress.start('verify', 0);
    try {
      for await (const line of gzipLines(path)) {
        lineNo += 1;
        if (manifest) throw new OpsError(`${path}: line ${lineNo} follows the manifest; the file is not a single backup`);
        const parsed = parseDocumentLine(line);
        if (parsed) {
          if (parsed.collection !== current && digests.has(parsed.collection)) {
            throw new OpsError(`${path}: collection ${parsed.collection} appears in two places (line ${lineNo}); not a file this tool wrote`);
          }
          current = parsed.collection;
          if (!digests.has(current)) digests.set(current, new CollectionDigest());
          digests.get(current)!.add(`${line}\n`);
          progress.increment();
          continue;
        }
        manifest = this.parseManifest(path, line, lineNo);
      }
    } catch (error) {
      if (error instanceof OpsError) throw error;
      throw new OpsError(`${path} is truncated or corrupted (${(error as Error).message}); nothing was restored`);
    } finally {
      progress.stop();
    }
    if (!manifest) throw new OpsError(`${path} has no manifest line: the backup is incomplete (truncated?); nothing was restored`);

    for (const [name, digest] of digests) {
      if (!manifest.collections[name]) throw new OpsError(`${path}: collection ${name} has documents but is not in the manifest`);
    }
    for (const [name, expected] of Object.entries(manifest.collections)) {
      const digest = digests.get(name);
      const count = digest?.count ?? 0;
      const sha256 = digest?.digest() ?? new CollectionDigest().digest();
      if (count !== expected.count) throw new OpsError(`${path}: ${name} has ${count} documents, the manifest says ${expected.count}; nothing was restored`);
      if (sha256 !== expected.sha256) throw new OpsError(`${path}: ${name} checksum mismatch (the file was altered); nothing was restored`);
    }
    return manifest;
  }

  /**
   * Verifies, then replaces every collection in the backup (others are left alone). Each one is
   * written to `<name>__restore_tmp` with its indexes and only then renamed over the target
   * (renameCollection with dropTarget), so a restore killed half-way leaves every collection either
   * untouched or complete (plus a temporary collection the next restore drops).
   */
  async restore(path: string, progress: ProgressReporter = NO_PROGRESS): Promise<{ manifest: BackupManifest; restored: Record<string, number> }> {
    const manifest = await this.verify(path);
    const db = this.connection.db!;
    const restored: Record<string, number> = {};
    const total = Object.values(manifest.collections).reduce((sum, c) => sum + c.count, 0);
    const prepare = async (name: string) => {
      await db.collection(restoreTempName(name)).drop().catch((error: unknown) => {
        if (!isNamespaceMissing(error)) throw error;
      });
      await db.createCollection(restoreTempName(name));
      restored[name] = 0;
    };
    const complete = async (name: string) => {
      const temp = db.collection(restoreTempName(name));
      for (const index of manifest.collections[name].indexes) await temp.createIndex(index.key as never, { ...index.options, name: index.name });
      await temp.rename(name, { dropTarget: true });
    };
    let batch: Document[] = [];
    let current: string | undefined;
    const flush = async () => {
      if (!current || batch.length === 0) return;
      await db.collection(restoreTempName(current)).insertMany(batch, { ordered: true });
      restored[current] += batch.length;
      progress.increment(batch.length);
      batch = [];
    };

    progress.start('restore', total);
    try {
      for await (const line of gzipLines(path)) {
        const parsed = parseDocumentLine(line);
        if (!parsed) continue;
        if (parsed.collection !== current) {
          await flush();
          if (current) await complete(current);
          current = parsed.collection;
          await prepare(current);
        }
        batch.push(BSON.EJSON.parse(parsed.docEjson, { relaxed: false }) as Document);
        if (batch.length >= BATCH_SIZE) await flush();
      }
      await flush();
      if (current) await complete(current);
      for (const name of Object.keys(manifest.collections)) {
        if (name in restored) continue;
        await prepare(name);
        await complete(name);
      }
    } finally {
      progress.stop();
    }
    this.logger.log(`restored ${total} documents into ${Object.keys(restored).length} collections from ${path} (backup of ${manifest.created_at})`);
    return { manifest, restored };
  }

  private parseManifest(path: string, line: string, lineNo: number): BackupManifest {
    let manifest: BackupManifest | undefined;
    try {
      manifest = (JSON.parse(line) as { manifest?: BackupManifest }).manifest;
    } catch {
      throw new OpsError(`${path}: line ${lineNo} is not valid JSON (corrupted file); nothing was restored`);
    }
    if (!manifest || manifest.format !== BACKUP_FORMAT || typeof manifest.collections !== 'object') {
      throw new OpsError(`${path}: line ${lineNo} is neither a document nor a ${BACKUP_FORMAT} manifest; nothing was restored`);
    }
    return manifest;
  }
}
