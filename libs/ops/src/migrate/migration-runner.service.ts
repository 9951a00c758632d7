import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { hostname } from 'os';
import { randomToken } from '@app/crypto';
import { JobLockService } from '../jobs/job-lock.service';
import { MIGRATIONS } from '../migrations';
import { OpsError } from '../support/ops-error';
import { AppliedMigration, legacyMigrationChecksum, Migration, migrationChecksum, MigrationContext, migrationLabel, MIGRATIONS_COLLECTION } from './migration';

/** Tests swap the list; production uses `migrations/index.ts`. */
export const MIGRATION_LIST = Symbol('MIGRATION_LIST');

export interface MigrationStatusRow {
  version: number;
  name: string;
  state: 'applied' | 'pending' | 'missing file';
  applied_at: Date | null;
  /** Applied with a different body than the file has now. */
  changed: boolean;
}

const LOCK = 'migrations';
const LOCK_TTL_MS = 60 * 60_000;

/**
 * Applies, reverts and reports migrations. State is one document per applied migration in
 * `migrations`; a migration is recorded only after `up` and `verify` both succeed.
 */
@Injectable()
export class MigrationRunner {
  private readonly logger = new Logger('Migrations');

  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly locks: JobLockService,
    @Optional() @Inject(MIGRATION_LIST) private readonly migrations: Migration[] = MIGRATIONS,
  ) {
    this.migrations = [...this.migrations].sort((a, b) => a.version - b.version);
  }

  private get applied() {
    return this.connection.db!.collection<AppliedMigration>(MIGRATIONS_COLLECTION);
  }

  private get context(): MigrationContext {
    return { connection: this.connection, db: this.connection.db!, logger: this.logger };
  }

  async status(): Promise<MigrationStatusRow[]> {
    const applied = new Map((await this.applied.find({}).toArray()).map((row) => [row.version, row]));
    const rows: MigrationStatusRow[] = this.migrations.map((migration) => {
      const record = applied.get(migration.version);
      return {
        version: migration.version,
        name: migration.name,
        state: record ? 'applied' : 'pending',
        applied_at: record?.applied_at ?? null,
        changed: Boolean(record && !this.sameMigration(record, migration)),
      };
    });
    for (const record of applied.values()) {
      if (!this.migrations.some((m) => m.version === record.version)) {
        rows.push({ version: record.version, name: record.name, state: 'missing file', applied_at: record.applied_at, changed: false });
      }
    }
    return rows.sort((a, b) => a.version - b.version);
  }

  /** The migrations of this build not recorded as applied, in version order (no lock: a read). */
  async pending(): Promise<Migration[]> {
    const applied = new Set((await this.applied.find({}, { projection: { version: 1 } }).toArray()).map((row) => row.version));
    return this.migrations.filter((migration) => !applied.has(migration.version));
  }

  /** Applies every pending migration in version order; stops at the first failure. */
  async up(): Promise<Migration[]> {
    return this.locked(async () => {
      await this.upgradeLegacyChecksums();
      const pending = await this.pending();
      for (const migration of pending) {
        const label = migrationLabel(migration);
        this.logger.log(`applying ${label}`);
        try {
          await migration.up(this.context);
        } catch (error) {
          throw new OpsError(`${label} failed: ${(error as Error).message} (not recorded; up is idempotent, fix and re-run)`);
        }
        const problems = (await migration.verify?.(this.context)) ?? [];
        if (problems.length > 0) throw new OpsError(`${label} applied but verify failed: ${problems.join('; ')} (not recorded)`);
        await this.applied.insertOne({
          _id: migration.version,
          version: migration.version,
          name: migration.name,
          applied_at: new Date(),
          checksum: migrationChecksum(migration),
        });
      }
      return pending;
    });
  }

  /**
   * Records every migration of this build as applied without running it: for a database that
   * `db:setup` has just created, whose documents are all written by today's schemas, so no
   * migration has anything to change (marked `baseline: true`). Returns those it recorded.
   */
  async baseline(): Promise<Migration[]> {
    return this.locked(async () => {
      const pending = await this.pending();
      for (const migration of pending) {
        await this.applied.updateOne(
          { _id: migration.version },
          { $setOnInsert: { version: migration.version, name: migration.name, applied_at: new Date(), checksum: migrationChecksum(migration), baseline: true } },
          { upsert: true },
        );
      }
      return pending;
    });
  }

  /** Reverts the most recently applied migration; null when none is applied. */
  async down(): Promise<Migration | null> {
    return this.locked(async () => {
      const [last] = await this.applied.find({}).sort({ version: -1 }).limit(1).toArray();
      if (!last) return null;
      const migration = this.migrations.find((m) => m.version === last.version);
      if (!migration) throw new OpsError(`the last applied migration ${migrationLabel(last)} has no file in this build; deploy the build that has it to revert it`);
      this.logger.log(`reverting ${migrationLabel(migration)}`);
      try {
        await migration.down(this.context);
      } catch (error) {
        throw new OpsError(`${migrationLabel(migration)} down failed: ${(error as Error).message} (still recorded as applied)`);
      }
      await this.applied.deleteOne({ _id: last._id });
      return migration;
    });
  }

  /** Recorded under this build's checksum, or under the old function-text one of the same migration. */
  private sameMigration(record: AppliedMigration, migration: Migration): boolean {
    return record.checksum === migrationChecksum(migration) || record.checksum === legacyMigrationChecksum(migration);
  }

  /** Records from before checksums came from the source are re-recorded under the new scheme. */
  private async upgradeLegacyChecksums(): Promise<void> {
    for (const record of await this.applied.find({}).toArray()) {
      const migration = this.migrations.find((m) => m.version === record.version);
      if (!migration || record.checksum !== legacyMigrationChecksum(migration)) continue;
      await this.applied.updateOne({ _id: record._id, checksum: record.checksum }, { $set: { checksum: migrationChecksum(migration) } });
      this.logger.log(`re-recorded the checksum of ${migrationLabel(migration)} from its source (was its compiled text)`);
    }
  }

  private async locked<T>(work: () => Promise<T>): Promise<T> {
    const owner = `${hostname()}:${process.pid}:${randomToken(6)}`;
    if (!(await this.locks.acquire(LOCK, LOCK_TTL_MS, owner))) {
      throw new OpsError('another process is running migrations (lock "migrations" in job_locks); wait for it to finish');
    }
    try {
      return await work();
    } finally {
      await this.locks.release(LOCK, owner, { status: 'done', summary: 'migrations' });
    }
  }
}
