import { randomInt } from 'crypto';
import { Command, Option } from 'nest-commander';
import { AppConfig } from '@app/config';
import { SEED_SIZES, SeedReport, SeedService, SeedSize } from '@app/ops';
import { BarProgress, CliFailure, print, table } from '../terminal';
import { oneOf, OpsCommand, parseNonNegativeInt } from './ops-command';

interface SeedFlags {
  size?: SeedSize;
  seed?: number;
  allowProduction?: boolean;
}

export function printSeedReport(report: SeedReport): void {
  print(
    table(
      ['collection', 'planned', 'inserted', 'already there', 'rejected', 'note'],
      report.rows.map((row) => [row.collection, row.planned, row.inserted, row.existing, row.invalid, row.skipped ? `skipped: ${row.skipped}` : (row.firstError?.slice(0, 80) ?? row.note ?? '')]),
    ),
  );
  print(`sample data: size ${report.size}, seed ${report.seed} (re-run with --seed ${report.seed} for the same data), ${(report.durationMs / 1000).toFixed(1)} s`);
  if (report.sampleLogins.length > 0) {
    print(`sample users sign in with password ${report.password}, e.g. ${report.sampleLogins.map((login) => `${login.role}: ${login.email}`).join(', ')}`);
  }
}

@Command({ name: 'db:seed', description: 'Add realistic sample data to every collection (deterministic for a --seed)' })
export class SeedCommand extends OpsCommand {
  async run(_args: string[], flags: SeedFlags): Promise<void> {
    if (this.service(AppConfig).isProduction && !flags.allowProduction) {
      throw new CliFailure('NODE_ENV=production: refusing to add sample data (pass --allow-production if you really mean it)');
    }
    const seed = flags.seed ?? randomInt(1, 2 ** 31);
    const report = await this.service(SeedService).seed({ size: flags.size ?? 'small', seed, progress: new BarProgress() });
    printSeedReport(report);
    const rejected = report.rows.reduce((sum, row) => sum + row.invalid, 0);
    if (rejected > 0) throw new CliFailure(`${rejected} sample document(s) were rejected by the schemas (see the table); the generators need updating`);
  }

  @Option({ flags: '--size <size>', description: 'small (~500 documents), medium (~10k) or large (~100k)', choices: SEED_SIZES, defaultValue: 'small' })
  parseSize(value: string): SeedSize {
    return oneOf(value, SEED_SIZES);
  }

  @Option({ flags: '--seed <n>', description: 'random seed; the same seed gives the same data (default: random, printed)' })
  parseSeed(value: string): number {
    return parseNonNegativeInt(value);
  }

  @Option({ flags: '--allow-production', description: 'allow sample data when NODE_ENV=production' })
  parseAllowProduction(): boolean {
    return true;
  }
}
