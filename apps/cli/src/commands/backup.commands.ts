import { mkdirSync } from 'fs';
import { dirname, resolve } from 'path';
import { Command, Option } from 'nest-commander';
import { AppConfig } from '@app/config';
import { BackupService, RestoreService } from '@app/ops';
import { BarProgress, CliFailure, confirm, needsConfirmation, print, table } from '../terminal';
import { OpsCommand } from './ops-command';

@Command({ name: 'db:backup', description: 'Write every collection to a gzip NDJSON (canonical EJSON) file with a checksummed manifest' })
export class BackupCommand extends OpsCommand {
  async run(_args: string[], flags: { out?: string }): Promise<void> {
    const database = this.service(AppConfig).database.dbName;
    const out = resolve(flags.out ?? `backups/${database}-${new Date().toISOString().replace(/[:.]/g, '-')}.ndjson.gz`);
    mkdirSync(dirname(out), { recursive: true });
    const manifest = await this.service(BackupService).backup(out, new BarProgress());
    print(table(['collection', 'documents', 'sha256'], Object.entries(manifest.collections).map(([name, c]) => [name, c.count, c.sha256.slice(0, 16)])));
    print(`backup written to ${out}`);
  }

  @Option({ flags: '-o, --out <file>', description: 'output file (default backups/<db>-<timestamp>.ndjson.gz)' })
  parseOut(value: string): string {
    return value;
  }
}

@Command({ name: 'db:restore', description: 'Verify a backup completely, then replace each of its collections (asks first unless --yes or stdin is not a terminal)' })
export class RestoreCommand extends OpsCommand {
  async run(_args: string[], flags: { in?: string; yes?: boolean }): Promise<void> {
    if (!flags.in) throw new CliFailure('--in <file> is required');
    const path = resolve(flags.in);
    const restore = this.service(RestoreService);
    const manifest = await restore.verify(path, new BarProgress());
    const names = Object.keys(manifest.collections);
    print(`${path}: backup of ${manifest.database} taken ${manifest.created_at}, ${names.length} collections, checksums verified`);
    const database = this.service(AppConfig).database.dbName;
    if (needsConfirmation(flags.yes)) {
      const ok = await confirm(`This replaces ${names.length} collections in database "${database}". Type the database name to continue:`, database);
      if (!ok) throw new CliFailure('not confirmed; nothing was restored');
    }
    const { restored } = await restore.restore(path, new BarProgress());
    print(table(['collection', 'documents'], Object.entries(restored).map(([name, count]) => [name, count])));
    print(`restored ${names.length} collections into ${database}`);
  }

  @Option({ flags: '-i, --in <file>', description: 'backup file written by db:backup', required: true })
  parseIn(value: string): string {
    return value;
  }

  @Option({ flags: '-y, --yes', description: 'do not ask for confirmation' })
  parseYes(): boolean {
    return true;
  }
}
