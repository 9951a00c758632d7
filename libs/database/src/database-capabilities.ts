import { Logger } from '@nestjs/common';
import type { Connection } from 'mongoose';

export type DatabaseEngine = 'mongodb' | 'mongo-java-server';

/**
 * What the connected engine can do, decided once at start-up. Domains ask these flags instead of
 * checking the engine, so every degradation lives here:
 * - textSearch: `$text` + text score; without it directory search falls back to a regex scan.
 * - transactions: multi-document transactions; without them multi-document writes are ordered
 *   and idempotent (they are written that way regardless, so this only adds safety on MongoDB).
 * - ttlIndexes / partialIndexes: honoured by the server; without them the retention jobs delete
 *   expired documents themselves and uniqueness rules are checked in the service.
 * - snapshotReads: snapshot sessions (one cluster time for every read: MongoDB 5.0+ replica set);
 *   engineSnapshot: the embedded engine's write-quiescing copy command (`logicCampSnapshot`).
 *   Backups use whichever exists to be point-in-time (libs/ops BackupService).
 */
export class DatabaseCapabilities {
  engine: DatabaseEngine;
  version: string;
  textSearch: boolean;
  transactions: boolean;
  ttlIndexes: boolean;
  partialIndexes: boolean;
  snapshotReads: boolean;
  engineSnapshot: boolean;
}

const PROBE_COLLECTION = '_capability_probe';

export async function probeCapabilities(connection: Connection): Promise<DatabaseCapabilities> {
  const db = connection.db!;
  const status = await db.admin().command({ serverStatus: 1 }).catch(() => ({}) as Record<string, unknown>);
  const buildInfo = await db.admin().command({ buildInfo: 1 });
  const engine: DatabaseEngine = status.process === 'java' ? 'mongo-java-server' : 'mongodb';

  const probe = db.collection(PROBE_COLLECTION);
  let textSearch = false;
  try {
    await probe.createIndex({ probe: 'text' });
    // The engine only rejects $text when a document is evaluated, so give it one.
    await probe.insertOne({ probe: 'probe' });
    await probe.find({ $text: { $search: 'probe' } }).limit(1).toArray();
    textSearch = true;
  } catch {
    textSearch = false;
  } finally {
    await probe.drop().catch(() => undefined);
  }

  const hello = await db.admin().command({ isMaster: 1 });
  const transactions = engine === 'mongodb' && (Boolean(hello.setName) || hello.msg === 'isdbgrid') && hello.logicalSessionTimeoutMinutes != null;

  const engineInfo = await db.admin().command({ logicCampEngineInfo: 1 }).catch(() => ({}) as Record<string, unknown>);
  const majorVersion = Number(String(buildInfo.version).split('.')[0]);

  const capabilities: DatabaseCapabilities = {
    engine,
    version: String(buildInfo.version),
    textSearch,
    transactions,
    ttlIndexes: engine === 'mongodb',
    partialIndexes: engine === 'mongodb',
    snapshotReads: transactions && majorVersion >= 5,
    engineSnapshot: engineInfo.snapshot === true,
  };
  new Logger('DatabaseCapabilities').log(`probe: ${JSON.stringify(capabilities)}`);
  return capabilities;
}
