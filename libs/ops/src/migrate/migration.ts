import type { Logger } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Db } from 'mongodb';
import { sha256Hex } from '@app/crypto';
import { MIGRATION_SOURCE_SHA256 } from '../migrations/source-checksums';

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
  /** Recorded by db:setup on a fresh database, which the migration had nothing to change in. */
  baseline?: boolean;
}

export const MIGRATIONS_COLLECTION = 'migrations';

/**
 * Fingerprint of what a migration does, to flag one edited after it was applied: its version,
 * name and the SHA-256 of its source file (`migrations/source-checksums.ts`, kept true by a unit
 * test). Never the compiled function text, which changes with the compiler, its target or ts-node
 * vs tsc while the migration stays the same.
 */
export function migrationChecksum(migration: Pick<Migration, 'version' | 'name'>, sources: Record<string, string> = MIGRATION_SOURCE_SHA256): string {
  const label = migrationLabel(migration);
  const source = sources[label];
  if (!source) throw new Error(`migration ${label} has no source checksum: add it to libs/ops/src/migrations/source-checksums.ts (the migrations unit test prints the line)`);
  return sha256Hex(`${migration.version}:${migration.name}:${source}`);
}

/**
 * The checksum recorded before checksums came from the source (the compiled functions' text).
 * A record still holding it is the same migration; the runner re-records it under the new scheme.
 */
export function legacyMigrationChecksum(migration: Migration): string {
  const body = [migration.up, migration.down, migration.verify].map((fn) => (fn ? fn.toString().replace(/\s+/g, '') : '')).join('|');
  return sha256Hex(`${migration.version}:${migration.name}:${body}`);
}

export function migrationLabel(migration: Pick<Migration, 'version' | 'name'>): string {
  return `${String(migration.version).padStart(4, '0')}-${migration.name}`;
}
