import type { Logger } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Db } from 'mongodb';
import { sha256Hex } from '@app/crypto';

export interface MigrationContext {
  connection: Connection;
  /** Raw driver access: migrations work on stored documents, not on today's schemas. */
  db: Db;
  logger: Logger;
}

/**
 * One versioned change to stored data: `libs/ops/src/migrations/NNNN-name.ts`, listed in
 * `migrations/index.ts`. `up` must be idempotent (a failed verify leaves it unrecorded, to be
 * re-run after the fix); `down` reverts it; `verify` returns problems, empty when all is well.
 */
export interface Migration {
  version: number;
  name: string;
  up(ctx: MigrationContext): Promise<void>;
  down(ctx: MigrationContext): Promise<void>;
  verify?(ctx: MigrationContext): Promise<string[]>;
}

export interface AppliedMigration {
  _id: number;
  version: number;
  name: string;
  applied_at: Date;
  checksum: string;
}

export const MIGRATIONS_COLLECTION = 'migrations';

/** Fingerprint of what a migration does, to flag one edited after it was applied. */
export function migrationChecksum(migration: Migration): string {
  const body = [migration.up, migration.down, migration.verify].map((fn) => (fn ? fn.toString().replace(/\s+/g, '') : '')).join('|');
  return sha256Hex(`${migration.version}:${migration.name}:${body}`);
}

export function migrationLabel(migration: Pick<Migration, 'version' | 'name'>): string {
  return `${String(migration.version).padStart(4, '0')}-${migration.name}`;
}
