import { Command, Option } from 'nest-commander';
import { AppConfig } from '@app/config';
import { SEED_SIZES, SeedSize, SetupService } from '@app/ops';
import { BarProgress, CliFailure, confirm, needsConfirmation, note, print, table } from '../terminal';
import { oneOf, OpsCommand, parseNonNegativeInt } from './ops-command';
import { printSeedReport } from './seed.command';

interface SetupFlags {
  drop?: boolean;
  yes?: boolean;
  seed?: boolean | number;
  size?: SeedSize;
}

@Command({
  name: 'db:setup',
  description: 'Create collections and indexes, seed notification types and the first admin, then add sample data (idempotent)',
})
export class SetupCommand extends OpsCommand {
  async run(_args: string[], flags: SetupFlags): Promise<void> {
    const config = this.service(AppConfig);
    const database = config.database.dbName;
    if (flags.drop && needsConfirmation(flags.yes)) {
      const ok = await confirm(`This deletes every document in database "${database}". Type the database name to continue:`, database);
      if (!ok) throw new CliFailure('not confirmed; nothing was dropped');
    }
    let seed: { size: SeedSize; seed: number } | false = flags.seed === false ? false : { size: flags.size ?? 'small', seed: typeof flags.seed === 'number' ? flags.seed : 1 };
    if (seed && config.isProduction) {
      note('NODE_ENV=production: sample data skipped (db:seed --allow-production adds it deliberately)');
      seed = false;
    }
    const report = await this.service(SetupService).setup({ drop: flags.drop, seed, progress: new BarProgress() });

    if (report.dropped) print(`dropped database ${database}`);
    const created = report.indexes.filter((change) => change.action === 'created').length;
    const dropped = report.indexes.filter((change) => change.action === 'dropped').length;
    print(`indexes: ${created} created, ${report.indexes.length - created - dropped} already present, ${dropped} dropped (db:indexes shows each)`);
    if (report.migrationsBaselined.length > 0) {
      print(`migrations: ${report.migrationsBaselined.join(', ')} recorded as applied (a fresh database has nothing for them to change)`);
    }
    print(`notification types: ${report.notificationTypes}`);
    if (report.admin.generatedPassword) {
      print(`first admin created: ${report.admin.email} / ${report.admin.generatedPassword}`);
      print('  (this password is shown once: store it now, then change it after signing in)');
    } else {
      print(`first admin: ${report.admin.email} (${report.admin.created ? 'created' : 'already exists'})`);
    }
    if (report.seed) printSeedReport(report.seed);
    print(table(['collection', 'documents'], report.counts.map((row) => [row.collection, row.documents])));
  }

  @Option({ flags: '--drop', description: 'drop the whole database first (asks for confirmation unless --yes or stdin is not a terminal)' })
  parseDrop(): boolean {
    return true;
  }

  @Option({ flags: '-y, --yes', description: 'do not ask for confirmation' })
  parseYes(): boolean {
    return true;
  }

  @Option({ flags: '--no-seed', description: 'skip sample data' })
  parseNoSeed(): boolean {
    return false;
  }

  @Option({ flags: '--seed <n>', description: 'sample data seed (default 1, so repeated setups add nothing new)' })
  parseSeed(value: string): number {
    return parseNonNegativeInt(value);
  }

  @Option({ flags: '--size <size>', description: 'sample data size', choices: SEED_SIZES })
  parseSize(value: string): SeedSize {
    return oneOf(value, SEED_SIZES);
  }
}
