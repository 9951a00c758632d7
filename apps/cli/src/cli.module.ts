import { DynamicModule, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { InjectCommander } from 'nest-commander';
import { productModules } from '@app/ops';
import { BackupCommand, RestoreCommand } from './commands/backup.commands';
import { DeployCommand } from './commands/deploy.command';
import { IndexesCommand, StatsCommand, ValidateCommand } from './commands/inspect.commands';
import { CleanupCommand, IndexAnalysisCommand, RotateKeysCommand } from './commands/maintenance.commands';
import { MigrateCommand, MigrateDownCommand, MigrateStatusCommand } from './commands/migrate.commands';
import { SeedCommand } from './commands/seed.command';
import { SetupCommand } from './commands/setup.command';

export const COMMANDS = [
  SetupCommand,
  DeployCommand,
  SeedCommand,
  IndexesCommand,
  ValidateCommand,
  StatsCommand,
  MigrateCommand,
  MigrateDownCommand,
  MigrateStatusCommand,
  CleanupCommand,
  IndexAnalysisCommand,
  BackupCommand,
  RestoreCommand,
  RotateKeysCommand,
];

/** Help reads "Usage: npm run db:seed [options]", which is how the commands are run. */
@Injectable()
class ProgramName implements OnModuleInit {
  constructor(@InjectCommander() private readonly program: { name(name: string): unknown; description(text: string): unknown }) {}

  onModuleInit(): void {
    this.program.name('npm run');
    this.program.description('Logic Camp CRM operations. Run a command as `npm run <command> -- [options]`.');
  }
}

/**
 * The ops CLI: the API's modules (so every domain schema and service is here, registered the
 * same way) without HTTP, plus the commands. `forHelp()` is the commands alone, so `--help`
 * answers without a database.
 */
@Module({})
export class CliModule {
  static forRoot(): DynamicModule {
    return {
      module: CliModule,
      imports: productModules(),
      providers: [ProgramName, ...COMMANDS],
    };
  }

  static forHelp(): DynamicModule {
    return { module: CliModule, providers: [ProgramName, ...COMMANDS] };
  }
}
