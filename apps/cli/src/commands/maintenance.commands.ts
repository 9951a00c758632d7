import { Command, Option } from 'nest-commander';
import { CLEANUP_JOBS, IndexAnalysisService, JobName, JobRunner, JOBS, KeyRotationService } from '@app/ops';
import { BarProgress, CliFailure, print, table } from '../terminal';
import { oneOf, OpsCommand, parseNonNegativeInt } from './ops-command';

@Command({ name: 'db:cleanup', description: `Run the cleanup jobs now (${CLEANUP_JOBS.join(', ')}), the same code the scheduler runs` })
export class CleanupCommand extends OpsCommand {
  async run(_args: string[], flags: { job?: JobName[] }): Promise<void> {
    const outcomes = await this.service(JobRunner).runAll(flags.job?.length ? flags.job : CLEANUP_JOBS);
    print(table(['job', 'status', 'result', 'ms'], outcomes.map((o) => [o.job, o.status, o.summary, o.durationMs])));
    // A job whose domain operation is not built yet is skipped (and said so), not a failure.
    const failed = outcomes.filter((o) => o.status === 'failed');
    if (failed.length > 0) throw new CliFailure(failed.map((o) => `${o.job} failed: ${o.summary}`).join('; '));
  }

  @Option({ flags: '--job <name>', description: `run only this job (repeatable): ${Object.keys(JOBS).join(', ')}`, choices: Object.keys(JOBS) })
  parseJob(value: string, previous: JobName[] = []): JobName[] {
    return [...previous, oneOf(value, Object.values(JobName))];
  }
}

@Command({ name: 'db:index-analysis', description: 'Index usage, declared-but-missing indexes, and whether the hot queries are served by an index' })
export class IndexAnalysisCommand extends OpsCommand {
  async run(_args: string[], flags: { strict?: boolean }): Promise<void> {
    const analysis = await this.service(IndexAnalysisService).analyse();
    if (analysis.usageNote) print(analysis.usageNote);
    else print(table(['collection', 'index', 'ops', 'since'], analysis.usage.map((u) => [u.collection, u.index, u.ops, u.since])));
    print(analysis.missing.length ? `declared but missing (run db:indexes): ${analysis.missing.map((m) => `${m.collection}.${m.index}`).join(', ')}` : 'every declared index exists');
    if (analysis.undeclared.length) print(`present but not declared (db:indexes drops them): ${analysis.undeclared.map((m) => `${m.collection}.${m.index}`).join(', ')}`);
    print(
      table(
        ['hot query', 'collection', 'checked by', 'served by'],
        analysis.hotQueries.map((q) => [q.query, q.collection, q.method, q.note ?? (q.collscan ? 'COLLSCAN' : q.index)]),
      ),
    );
    const scans = analysis.hotQueries.filter((q) => q.collscan);
    if (scans.length) print(`${scans.length} hot query(ies) would scan their collection: ${scans.map((q) => q.query).join('; ')}`);
    if (flags.strict && (scans.length || analysis.missing.length)) throw new CliFailure(`${scans.length} collection scan(s), ${analysis.missing.length} missing index(es)`);
  }

  @Option({ flags: '--strict', description: 'exit 1 when a hot query scans a collection or a declared index is missing' })
  parseStrict(): boolean {
    return true;
  }
}

@Command({ name: 'crypto:rotate-keys', description: 'Re-encrypt every value not under the active key (last in ENCRYPTION_KEYS); resumable' })
export class RotateKeysCommand extends OpsCommand {
  async run(_args: string[], flags: { limit?: number }): Promise<void> {
    const report = await this.service(KeyRotationService).rotateAll(new BarProgress(), { limit: flags.limit });
    print(
      table(
        ['collection', 'field', 'encrypted', 'rotated', 'already current', 'skipped', 'failed'],
        report.rows.map((r) => [r.collection, r.field, r.encrypted, r.rotated, r.current, r.skipped, r.failed]),
      ),
    );
    const rotated = report.rows.reduce((sum, r) => sum + r.rotated, 0);
    const skipped = report.rows.reduce((sum, r) => sum + r.skipped, 0);
    print(
      `active key ${report.activeKeyId}: ${rotated} value(s) in ${report.documents} document(s) re-encrypted${skipped ? `, ${skipped} changed meanwhile (run again)` : ''}${report.complete ? '' : '; stopped at --limit, run again to continue'}`,
    );
    for (const failure of report.failures.slice(0, 20)) print(`${failure.collection} ${failure._id} ${failure.path}: ${failure.reason}`);
    if (!report.ok) throw new CliFailure(`${report.failures.length} value(s) could not be decrypted: add their key to ENCRYPTION_KEYS and run again`);
  }

  @Option({ flags: '--limit <n>', description: 're-encrypt at most n documents, then stop (run again to continue)' })
  parseLimit(value: string): number {
    return parseNonNegativeInt(value);
  }
}
