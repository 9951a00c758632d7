import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { Migration, migrationLabel } from '../migrate/migration';
import { MigrationRunner } from '../migrate/migration-runner.service';
import { registeredModels } from '../support/models';
import { OpsError } from '../support/ops-error';
import { declaredIndexes, existingIndexNames, IndexChange, IndexSyncService } from '../setup/index-sync.service';

/** What a database lacks before this build may serve it. */
export interface DeployState {
  pendingMigrations: string[];
  /** `collection.index` of every declared index that is not on the database. */
  missingIndexes: string[];
  /** The unique ones among them: what the API refuses to run without (they enforce rules). */
  missingUniqueIndexes: string[];
}

export interface DeployReport {
  indexes: IndexChange[];
  migrations: Migration[];
  /** True when the database already matched this build: nothing was created, dropped or applied. */
  nothingToDo: boolean;
}

/** The command that brings a database up to this build; named in every refusal. */
export const DEPLOY_COMMAND = 'db:deploy';

/**
 * Brings a database to what this build expects, before the API serves it: every collection's
 * indexes as its schema declares them (then checked: a declared index the engine did not build
 * fails the deploy), then the pending migrations. Both steps are idempotent, so a second run
 * changes nothing and says so.
 */
@Injectable()
export class DeployService {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly indexes: IndexSyncService,
    private readonly migrations: MigrationRunner,
  ) {}

  async deploy(): Promise<DeployReport> {
    const indexes = await this.indexes.syncAll();
    const { missingIndexes } = await this.state();
    if (missingIndexes.length > 0) throw new OpsError(`indexes still missing after the build: ${missingIndexes.join(', ')} (nothing was migrated)`);
    const migrations = await this.migrations.up();
    return { indexes, migrations, nothingToDo: migrations.length === 0 && indexes.every((change) => change.action === 'kept') };
  }

  /** Reads only: what `deploy` would still have to do. */
  async state(): Promise<DeployState> {
    const missingIndexes: string[] = [];
    const missingUniqueIndexes: string[] = [];
    for (const { collection, model } of registeredModels(this.connection)) {
      const present = new Set(await existingIndexNames(model));
      for (const index of declaredIndexes(model)) {
        if (present.has(index.name)) continue;
        missingIndexes.push(`${collection}.${index.name}`);
        if (index.options.unique) missingUniqueIndexes.push(`${collection}.${index.name}`);
      }
    }
    const pendingMigrations = (await this.migrations.pending()).map(migrationLabel);
    return { pendingMigrations, missingIndexes, missingUniqueIndexes };
  }
}

/** One line saying what is missing and what to run; null when the database is ready. */
export function describeUndeployed(state: DeployState): string | null {
  const problems: string[] = [];
  if (state.pendingMigrations.length > 0) problems.push(`${state.pendingMigrations.length} pending migration(s) (${state.pendingMigrations.join(', ')})`);
  if (state.missingUniqueIndexes.length > 0) problems.push(`${state.missingUniqueIndexes.length} missing unique index(es) (${state.missingUniqueIndexes.join(', ')})`);
  if (problems.length === 0) return null;
  return `database not deployed for this build: ${problems.join(' and ')}; run ${DEPLOY_COMMAND} first (node dist/apps/cli/src/main.js ${DEPLOY_COMMAND}, or npm run ops -- ${DEPLOY_COMMAND})`;
}
