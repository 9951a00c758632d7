import { Command, Option } from 'nest-commander';
import { formatBytes, IndexSyncService, StatsService, ValidationService } from '@app/ops';
import { BarProgress, CliFailure, print, table } from '../terminal';
import { OpsCommand } from './ops-command';

@Command({ name: 'db:indexes', description: "Make every collection's indexes match its schema: create missing, rebuild changed, drop undeclared" })
export class IndexesCommand extends OpsCommand {
  async run(): Promise<void> {
    const changes = await this.service(IndexSyncService).syncAll();
    print(table(['collection', 'index', 'action'], changes.map((change) => [change.collection, change.index, change.action])));
    const count = (action: string) => changes.filter((change) => change.action === action).length;
    print(`${count('created')} created, ${count('kept')} kept, ${count('dropped')} dropped`);
  }
}

@Command({ name: 'db:validate', description: 'Check every document against its schema and every reference against its target; exit 1 on any problem' })
export class ValidateCommand extends OpsCommand {
  async run(): Promise<void> {
    const report = await this.service(ValidationService).validateAll(new BarProgress());
    print(
      table(
        ['collection', 'documents', 'invalid', 'broken refs', 'not checked'],
        report.collections.map((c) => [c.collection, c.documents, c.invalid, c.broken_references, c.unchecked.join(', ')]),
      ),
    );
    for (const collection of report.collections) {
      for (const issue of collection.issues) print(`${collection.collection} ${issue._id}: ${issue.problem}`);
      const shown = collection.issues.length;
      const total = collection.invalid + collection.broken_references;
      if (total > shown) print(`${collection.collection}: ${total - shown} more problem(s) not shown`);
    }
    if (!report.ok) {
      const invalid = report.collections.reduce((sum, c) => sum + c.invalid, 0);
      const broken = report.collections.reduce((sum, c) => sum + c.broken_references, 0);
      const first = report.collections.find((c) => c.issues.length > 0);
      throw new CliFailure(`${invalid} invalid document(s), ${broken} broken reference(s); first: ${first?.collection} ${first?.issues[0]?._id}: ${first?.issues[0]?.problem}`);
    }
    print('all documents valid, all references resolve');
  }
}

@Command({ name: 'db:stats', description: 'Documents, data size, storage size and indexes per collection, with totals' })
export class StatsCommand extends OpsCommand {
  async run(_args: string[], flags: { json?: boolean }): Promise<void> {
    const stats = await this.service(StatsService).collect();
    if (flags.json) {
      print(JSON.stringify(stats, null, 2));
      return;
    }
    const row = (name: string, s: typeof stats.totals) => [name, s.documents, formatBytes(s.data_size_bytes), formatBytes(s.storage_size_bytes), s.indexes, formatBytes(s.index_size_bytes)];
    print(table(['collection', 'documents', 'data', 'storage', 'indexes', 'index size'], [...stats.collections.map((c) => row(c.collection, c)), row('total', stats.totals)]));
  }

  @Option({ flags: '--json', description: 'print JSON instead of a table' })
  parseJson(): boolean {
    return true;
  }
}
