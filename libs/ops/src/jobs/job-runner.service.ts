import { Injectable, Logger } from '@nestjs/common';
import { hostname } from 'os';
import { sideEffects } from '@app/common';
import { randomToken } from '@app/crypto';
import { OpsError } from '../support/ops-error';
import { describeResult } from './describe-result';
import { DomainOperations } from './domain-operations';
import { JobLockService } from './job-lock.service';
import { JOBS, JobName } from './jobs';

/** `skipped`: the domain operation does not exist in this build (a domain still being written). */
export type JobStatus = 'completed' | 'locked' | 'skipped' | 'failed';

export interface JobOutcome {
  job: JobName;
  status: JobStatus;
  /** What the domain operation returned (a count or a summary object). */
  result?: unknown;
  summary: string;
  durationMs: number;
}

/**
 * Runs a job under its database lock: the scheduler, `db:cleanup` and tests all come through
 * here, so a job behaves the same however it is started. Jobs are idempotent (they act on what
 * is due at `now`), so a run that was skipped or failed is simply picked up by the next one.
 */
@Injectable()
export class JobRunner {
  private readonly logger = new Logger('Jobs');

  constructor(
    private readonly locks: JobLockService,
    private readonly domain: DomainOperations,
  ) {}

  async run(name: JobName | string, now = new Date()): Promise<JobOutcome> {
    const job = JOBS[name as JobName];
    if (!job) throw new OpsError(`unknown job "${name}" (known: ${Object.keys(JOBS).join(', ')})`);
    const started = Date.now();
    const finish = (status: JobStatus, summary: string, result?: unknown): JobOutcome => {
      const outcome = { job: job.name, status, result, summary, durationMs: Date.now() - started };
      const line = `${job.name}: ${status} — ${summary} (${outcome.durationMs} ms)`;
      if (status === 'failed' || status === 'skipped') this.logger.warn(line);
      else this.logger.log(line);
      return outcome;
    };

    const operation = this.domain.resolve(job.operation);
    if (!operation.available) return finish('skipped', `not available: ${operation.reason}`);

    const owner = `${hostname()}:${process.pid}:${randomToken(6)}`;
    if (!(await this.locks.acquire(job.name, job.lockTtlMs, owner))) {
      return finish('locked', 'another run holds the lock; skipped');
    }
    let outcome: JobOutcome;
    try {
      // A listener that failed (a notification not written) fails the run, though its write stays.
      const { result, failures } = await sideEffects.collect(() => operation.call(now));
      outcome = failures.length
        ? finish('failed', `${describeResult(result)}; ${failures.length} side effect(s) failed, first: ${failures[0].event}: ${failures[0].error}`, result)
        : finish('completed', describeResult(result), result);
    } catch (error) {
      outcome = finish('failed', error instanceof Error ? error.message : String(error));
    }
    await this.locks.release(job.name, owner, { status: outcome.status, summary: outcome.summary });
    return outcome;
  }

  /** Runs jobs one after the other (they share the database; parallel runs only add contention). */
  async runAll(names: JobName[], now = new Date()): Promise<JobOutcome[]> {
    const outcomes: JobOutcome[] = [];
    for (const name of names) outcomes.push(await this.run(name, now));
    return outcomes;
  }
}
