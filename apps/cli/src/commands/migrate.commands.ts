import { Command } from 'nest-commander';
import { migrationLabel, MigrationRunner } from '@app/ops';
import { print, table } from '../terminal';
import { OpsCommand } from './ops-command';

@Command({ name: 'db:migrate', description: 'Apply pending migrations in order, verifying each (a failed verify exits 1 and is not recorded)' })
export class MigrateCommand extends OpsCommand {
  async run(): Promise<void> {
    const applied = await this.service(MigrationRunner).up();
    print(applied.length === 0 ? 'no pending migrations' : `applied ${applied.map(migrationLabel).join(', ')}`);
  }
}

@Command({ name: 'db:migrate:down', description: 'Revert the most recently applied migration' })
export class MigrateDownCommand extends OpsCommand {
  async run(): Promise<void> {
    const reverted = await this.service(MigrationRunner).down();
    print(reverted ? `reverted ${migrationLabel(reverted)}` : 'no applied migration to revert');
  }
}

@Command({ name: 'db:migrate:status', description: 'List migrations: applied (when), pending, or applied but changed since' })
export class MigrateStatusCommand extends OpsCommand {
  async run(): Promise<void> {
    const rows = await this.service(MigrationRunner).status();
    print(
      table(
        ['migration', 'state', 'applied at', 'note'],
        rows.map((row) => [migrationLabel(row), row.state, row.applied_at?.toISOString() ?? '', row.changed ? 'file changed since it was applied' : '']),
      ),
    );
    const pending = rows.filter((row) => row.state === 'pending').length;
    print(pending ? `${pending} pending: run db:migrate` : 'up to date');
  }
}
