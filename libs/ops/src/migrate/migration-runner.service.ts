import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { hostname } from 'os';
import { randomToken } from '@app/crypto';
import { JobLockService } from '../jobs/job-lock.service';
import { MIGRATIONS } from '../migrations';
import { OpsError } from '../support/ops-error';
import { AppliedMigration, Migration, migrationChecksum, MigrationContext, migrationLabel, MIGRATIONS_COLLECTION } from './migration';

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
        changed: Boolean(record && record.checksum !== migrationChecksum(migration)),
      };
    });
    for (const record of applied.values()) {
      if (!this.migrations.some((m) => m.version === record.version)) {
        rows.push({ version: record.version, name: record.name, state: 'missing file', applied_at: record.applied_at, changed: false });
      }
    }
    return rows.sort((a, b) => a.version - b.version);
  }

  /** Applies every pending migration in version order; stops at the first failure. */
  async up(): Promise<Migration[]> {
    return this.locked(async () => {
      const applied = new Set((await this.applied.find({}, { projection: { version: 1 } }).toArray()).map((row) => row.version));
      const pending = this.migrations.filter((migration) => !applied.has(migration.version));
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
