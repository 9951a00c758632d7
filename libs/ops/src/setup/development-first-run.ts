import { Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { AppConfig } from '@app/config';
import { OpsModule } from '../ops.module';
import { SeedService } from '../seed/seed.service';
import { SetupService } from './setup.service';

/** The sample data a fresh development database gets: the same as `npm run db:setup` (seed 1). */
export const FIRST_RUN_SEED = { size: 'small', seed: 1 } as const;

/**
 * `npm run dev` on a fresh clone ends with something to sign in to: when NODE_ENV=development
 * and the database has no users, the API sets it up as `db:setup` would (indexes, notification
 * types, the first admin, small sample data with real blobs) and prints how to sign in. Runs
 * before any onApplicationBootstrap (where ADMIN_EMAIL's admin is created), so "no users" means
 * a database nobody has used; never in test or production, never twice.
 */
@Injectable()
export class DevelopmentFirstRun implements OnModuleInit {
  private readonly logger = new Logger('FirstRun');

  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly config: AppConfig,
    private readonly setup: SetupService,
    private readonly seeder: SeedService,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.isDevelopment) return;
    if ((await this.connection.db!.collection('users').countDocuments({}, { limit: 1 })) > 0) return;
    this.logger.log('development database has no users: creating the first admin and sample data (as npm run db:setup)');
    // The admin first and its password printed at once, so a failed seed never hides the only way in.
    const { admin } = await this.setup.setup({ seed: false });
    const lines = [`sign in: POST /auth/login  email ${admin.email}`];
    lines.push(admin.generatedPassword ? `          password ${admin.generatedPassword}   (generated, shown only this once)` : '          password: the ADMIN_PASSWORD you set');
    try {
      const report = await this.seeder.seed(FIRST_RUN_SEED);
      lines.push(`sample data: seed ${report.seed}, ${report.rows.reduce((sum, row) => sum + row.inserted, 0)} documents; sample users sign in with ${report.password} (${report.sampleLogins.map((login) => login.email).join(', ')})`);
    } catch (error) {
      lines.push(`sample data failed (${error instanceof Error ? error.message : String(error)}): run npm run db:seed`);
    }
    // One log line like every other (pretty on a development terminal, where `npm run dev` shows it
    // as the banner). Development only, on a database nobody has used: the generated password
    // exists nowhere else, and is changed after the first sign-in.
    this.logger.log(['fresh development database', ...lines].join('\n  '));
  }
}

/** Imported by the API only: the CLI's commands decide for themselves what a database gets. */
@Module({ imports: [OpsModule], providers: [DevelopmentFirstRun] })
export class DevelopmentFirstRunModule {}
