import { Logger } from '@nestjs/common';
import { randomBytes } from 'crypto';
import type { ClientSession, Document } from 'mongodb';
import type { Connection } from 'mongoose';
import type { DatabaseCapabilities } from '@app/database';
import { databaseCollections } from '../support/models';
import { restoreTempName } from './restore.service';

/**
 * How a backup reads one consistent moment of the database:
 * - `snapshot-session` (MongoDB replica set, 5.0+): every read in one snapshot session, i.e. read
 *   concern "snapshot" at the single cluster time of the first read. Writes go on; the backup must
 *   finish within the server's snapshot history window (minSnapshotHistoryWindowInSeconds, 300 s).
 * - `engine-snapshot` (embedded engine): the engine copies the database into a scratch database
 *   while holding writes back (they wait inside the engine for the copy, seconds for a dev
 *   database), then the backup reads the copy and drops it.
 * - `live`: neither is available (a standalone mongod): collections are read one after another
 *   and references between them may not match; the backup says so in its manifest and log.
 */
export type BackupConsistency = 'snapshot-session' | 'engine-snapshot' | 'live';

export interface BackupSource {
  consistency: BackupConsistency;
  /** The collections as of the snapshot, sorted, system collections excluded. */
  collections: string[];
  count(name: string): Promise<number>;
  /** One collection's documents as of the snapshot, in `_id` order. */
  documents(name: string): AsyncIterable<Document>;
  release(): Promise<void>;
}

/** A half-done restore's temporary collection is not data. */
const isData = (name: string) => !name.startsWith('system.') && !name.endsWith(restoreTempName(''));

export async function openBackupSource(connection: Connection, capabilities: DatabaseCapabilities): Promise<BackupSource> {
  const db = connection.db!;
  if (capabilities.snapshotReads) {
    const session: ClientSession = connection.getClient().startSession({ snapshot: true });
    return {
      consistency: 'snapshot-session',
      collections: (await databaseCollections(connection)).filter(isData),
      count: (name) => db.collection(name).estimatedDocumentCount(),
      documents: (name) => db.collection(name).find({}, { session }).sort({ _id: 1 }),
      release: () => session.endSession(),
    };
  }
  if (capabilities.engineSnapshot) {
    const scratchName = `${db.databaseName}__backup_${randomBytes(4).toString('hex')}`;
    const reply = await db.admin().command({ logicCampSnapshot: db.databaseName, into: scratchName });
    const scratch = connection.getClient().db(scratchName);
    return {
      consistency: 'engine-snapshot',
      collections: Object.keys(reply.collections as Record<string, number>).filter(isData).sort(),
      count: (name) => scratch.collection(name).estimatedDocumentCount(),
      documents: (name) => scratch.collection(name).find({}).sort({ _id: 1 }),
      release: async () => {
        await scratch.dropDatabase();
      },
    };
  }
  new Logger('Backup').warn('this engine offers no snapshot: collections are read one after another, so references between them may not match');
  return {
    consistency: 'live',
    collections: (await databaseCollections(connection)).filter(isData),
    count: (name) => db.collection(name).estimatedDocumentCount(),
    documents: (name) => db.collection(name).find({}).sort({ _id: 1 }),
    release: async () => undefined,
  };
}
