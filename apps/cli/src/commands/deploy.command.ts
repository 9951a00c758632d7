import { Command } from 'nest-commander';
import { DeployService, migrationLabel } from '@app/ops';
import { print } from '../terminal';
import { OpsCommand } from './ops-command';

@Command({
  name: 'db:deploy',
  description: 'Bring the database up to this build before the API starts: build and verify every index, then apply pending migrations (idempotent)',
})
export class DeployCommand extends OpsCommand {
  async run(): Promise<void> {
    const report = await this.service(DeployService).deploy();
    const count = (action: string) => report.indexes.filter((change) => change.action === action).length;
    print(`indexes: ${count('created')} created, ${count('kept')} kept, ${count('dropped')} dropped; every declared index is present`);
    for (const change of report.indexes.filter((c) => c.action !== 'kept')) print(`  ${change.action} ${change.collection}.${change.index}`);
    print(report.migrations.length === 0 ? 'migrations: none pending' : `migrations: applied ${report.migrations.map(migrationLabel).join(', ')}`);
    print(report.nothingToDo ? 'nothing to do: the database already matches this build' : 'deployed: the database matches this build');
  }
}
