import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { databaseCollections } from '../support/models';

export interface CollectionStats {
  collection: string;
  documents: number;
  data_size_bytes: number;
  storage_size_bytes: number;
  indexes: number;
  index_size_bytes: number;
}

export interface DatabaseStats {
  database: string;
  collections: CollectionStats[];
  totals: Omit<CollectionStats, 'collection'>;
}

interface CollStatsReply {
  count?: number;
  size?: number;
  storageSize?: number;
  nindexes?: number;
  totalIndexSize?: number;
  indexSizes?: Record<string, number>;
  indexSize?: Record<string, number>;
}

/** Per-collection size figures from `collStats` (MongoDB and the embedded engine both answer it). */
@Injectable()
export class StatsService {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  async collect(): Promise<DatabaseStats> {
    const db = this.connection.db!;
    const collections: CollectionStats[] = [];
    for (const name of await databaseCollections(this.connection)) {
      const reply = (await db.command({ collStats: name })) as CollStatsReply;
      // The engine reports per-index sizes under `indexSize` and no total.
      const perIndex = reply.indexSizes ?? reply.indexSize ?? {};
      collections.push({
        collection: name,
        documents: reply.count ?? 0,
        data_size_bytes: reply.size ?? 0,
        storage_size_bytes: reply.storageSize ?? 0,
        indexes: reply.nindexes ?? Object.keys(perIndex).length,
        index_size_bytes: reply.totalIndexSize ?? Object.values(perIndex).reduce((sum, size) => sum + Number(size), 0),
      });
    }
    const totals = { documents: 0, data_size_bytes: 0, storage_size_bytes: 0, indexes: 0, index_size_bytes: 0 };
    for (const row of collections) {
      for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += row[key];
    }
    return { database: db.databaseName, collections, totals };
  }
}

/** 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
