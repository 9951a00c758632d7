import { Injectable, Logger } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { UsersService } from '@app/auth';
import { AppConfig } from '@app/config';
import { describeResult } from '../jobs/describe-result';
import { DomainOperations } from '../jobs/domain-operations';
import { generateStrongPassword } from './strong-password';
import { registeredModels } from '../support/models';
import { SPEC_COLLECTIONS } from '../support/spec-collections';
import { NO_PROGRESS, ProgressReporter } from '../support/progress';
import { SeedReport, SeedService } from '../seed/seed.service';
import { SeedSize } from '../seed/seed-plan';
import { migrationLabel } from '../migrate/migration';
import { MigrationRunner } from '../migrate/migration-runner.service';
import { IndexChange, IndexSyncService } from './index-sync.service';

export const DEFAULT_ADMIN_EMAIL = 'admin@logic.camp';
const BOOT_SEEDED_COLLECTION = 'notification_types';

export interface SetupOptions {
  drop?: boolean;
  /** Sample data to add; false for none. */
  seed?: { size: SeedSize; seed: number } | false;
  progress?: ProgressReporter;
}

export interface SetupReport {
  dropped: boolean;
  indexes: IndexChange[];
  /** Migrations recorded as applied without running: the database was empty, so they had nothing to change. */
  migrationsBaselined: string[];
  notificationTypes: string;
  admin: { email: string; created: boolean; source: 'ADMIN_EMAIL' | 'default'; generatedPassword?: string };
  seed: SeedReport | null;
  counts: { collection: string; documents: number }[];
}

/**
 * Brings a database to a usable state; every step is idempotent, so running it twice gives
 * the same result: collections and indexes for every registered model, the default
 * notification types, the first admin, then sample data.
 */
@Injectable()
export class SetupService {
  private readonly logger = new Logger('Setup');

  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly config: AppConfig,
    private readonly indexes: IndexSyncService,
    private readonly users: UsersService,
    private readonly domain: DomainOperations,
    private readonly seeder: SeedService,
    private readonly migrations: MigrationRunner,
  ) {}

  async setup({ drop = false, seed = false, progress = NO_PROGRESS }: SetupOptions): Promise<SetupReport> {
    if (drop) {
      await this.connection.dropDatabase();
      this.logger.warn(`dropped database ${this.connection.db!.databaseName}`);
    }
    // Decided before anything is written: setup's own documents come from today's schemas.
    const fresh = drop || (await this.isEmpty());
    const indexes = await this.indexes.syncAll();
    const migrationsBaselined = fresh ? (await this.migrations.baseline()).map(migrationLabel) : [];
    const types = await this.domain.call('seedNotificationTypes');
    const notificationTypes = types.ran ? describeResult(types.result) : `not seeded: ${types.reason}`;
    if (!types.ran) this.logger.warn(`notification types ${notificationTypes}`);
    const admin = await this.ensureFirstAdmin();
    const seeded = seed ? await this.seeder.seed({ ...seed, progress }) : null;
    return { dropped: drop, indexes, migrationsBaselined, notificationTypes, admin, seed: seeded, counts: await this.counts() };
  }

  /** ADMIN_EMAIL/ADMIN_PASSWORD when set; otherwise admin@logic.camp with a generated password, returned once. */
  async ensureFirstAdmin(): Promise<SetupReport['admin']> {
    const { adminEmail, adminPassword } = this.config.auth;
    if (adminEmail && adminPassword) {
      const { created } = await this.users.ensureAdmin(adminEmail, adminPassword);
      return { email: adminEmail.toLowerCase(), created, source: 'ADMIN_EMAIL' };
    }
    const exists = await this.connection.db!.collection('users').countDocuments({ email: DEFAULT_ADMIN_EMAIL }, { limit: 1 });
    if (exists) return { email: DEFAULT_ADMIN_EMAIL, created: false, source: 'default' };
    const password = generateStrongPassword();
    const { created } = await this.users.ensureAdmin(DEFAULT_ADMIN_EMAIL, password);
    return { email: DEFAULT_ADMIN_EMAIL, created, source: 'default', ...(created ? { generatedPassword: password } : {}) };
  }

  /**
   * No document in any collection of a registered model, so nothing a migration could have to
   * change. The default notification types are left out: every boot of this build (the CLI's
   * included) inserts them itself, in today's shape.
   */
  private async isEmpty(): Promise<boolean> {
    for (const { collection } of registeredModels(this.connection)) {
      if (collection === BOOT_SEEDED_COLLECTION) continue;
      if ((await this.connection.db!.collection(collection).countDocuments({}, { limit: 1 })) > 0) return false;
    }
    return true;
  }

  /** Every registered model's collection and every SPEC collection, registered yet or not. */
  async counts(): Promise<{ collection: string; documents: number }[]> {
    const names = new Set<string>([...registeredModels(this.connection).map((entry) => entry.collection), ...SPEC_COLLECTIONS]);
    const counts = [];
    for (const collection of [...names].sort()) {
      counts.push({ collection, documents: await this.connection.db!.collection(collection).countDocuments({}) });
    }
    return counts;
  }
}
