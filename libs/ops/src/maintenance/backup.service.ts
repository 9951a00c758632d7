import { Injectable, Logger } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { once } from 'events';
import { createWriteStream, promises as fs } from 'fs';
import { BSON } from 'mongodb';
import type { Connection } from 'mongoose';
import { createGzip } from 'zlib';
import { DatabaseCapabilities } from '@app/database';
import { NO_PROGRESS, ProgressReporter } from '../support/progress';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, BackupManifest, CollectionDigest, documentLine, portableIndex } from './backup-format';
import { BackupSource, openBackupSource } from './backup-snapshot';

/** Streams one consistent moment of the database to a gzip'd NDJSON file (see backup-format.ts, backup-snapshot.ts). */
@Injectable()
export class BackupService {
  private readonly logger = new Logger('Backup');

  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly capabilities: DatabaseCapabilities,
  ) {}

  /**
   * Writes to `<out>.partial` and renames on success, so `out` is either a complete backup or
   * absent. Documents are read in `_id` order, so the same data always gives the same checksums.
   */
  async backup(out: string, progress: ProgressReporter = NO_PROGRESS): Promise<BackupManifest> {
    const source = await openBackupSource(this.connection, this.capabilities);
    try {
      return await this.write(out, source, progress);
    } finally {
      await source.release();
    }
  }

  private async write(out: string, source: BackupSource, progress: ProgressReporter): Promise<BackupManifest> {
    const db = this.connection.db!;
    const names = source.collections;
    let total = 0;
    for (const name of names) total += await source.count(name);

    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      format_version: BACKUP_FORMAT_VERSION,
      database: db.databaseName,
      created_at: new Date().toISOString(),
      consistency: source.consistency,
      collections: {},
    };
    const partial = `${out}.partial`;
    const gzip = createGzip();
    const file = createWriteStream(partial);
    const written = once(file, 'close');
    gzip.pipe(file);
    const write = async (text: string) => {
      if (!gzip.write(text)) await once(gzip, 'drain');
    };

    progress.start('backup', total);
    try {
      for (const name of names) {
        const collection = db.collection(name);
        const digest = new CollectionDigest();
        for await (const doc of source.documents(name)) {
          const line = documentLine(name, BSON.EJSON.stringify(doc, { relaxed: false }));
          digest.add(line);
          await write(line);
          progress.increment();
        }
        const indexes = (await collection.indexes()).filter((index) => index.name !== '_id_').map((index) => portableIndex(index as Record<string, unknown>));
        manifest.collections[name] = { count: digest.count, sha256: digest.digest(), indexes };
      }
      await write(`${JSON.stringify({ manifest })}\n`);
      gzip.end();
      await written;
      await fs.rename(partial, out);
    } catch (error) {
      gzip.destroy();
      file.destroy();
      await fs.rm(partial, { force: true });
      throw error;
    } finally {
      progress.stop();
    }
    const count = Object.values(manifest.collections).reduce((sum, c) => sum + c.count, 0);
    this.logger.log(`backed up ${count} documents from ${names.length} collections to ${out} (${source.consistency})`);
    return manifest;
  }
}
