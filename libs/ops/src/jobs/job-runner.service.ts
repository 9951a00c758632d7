import { BeforeApplicationShutdown, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { hostname } from 'os';
import { requestContext, sideEffects } from '@app/common';
import { AppConfig } from '@app/config';
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
export class JobRunner implements OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  /** Runs in progress: the lease owner of each and the promise of its outcome. */
  private readonly running = new Map<JobName, { owner: string; done: Promise<JobOutcome> }>();
  private stopDeadline?: number;

  constructor(
    private readonly locks: JobLockService,
    private readonly domain: DomainOperations,
    private readonly config: AppConfig,
  ) {}

  // The first hook of a shutdown: no run starts from here on; running ones get SHUTDOWN_GRACE_MS from now.
  onModuleDestroy(): void {
    this.stopDeadline = Date.now() + this.config.shutdown.graceMs;
  }

  /**
   * Before the database closes: waits for running jobs until the grace period ends, then releases
   * the lease of any still running (recorded as `interrupted`), so the next run — here or on
   * another instance — need not wait for the lease to expire. Jobs are idempotent: it redoes what is left.
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.running.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.running.values()].map((run) => run.done)),
      new Promise((resolve) => (timer = setTimeout(resolve, Math.max(0, (this.stopDeadline ?? 0) - Date.now())))),
    ]);
    clearTimeout(timer);
    for (const [name, { owner }] of this.running) {
      this.running.delete(name);
      this.logger.warn(`${name}: still running at shutdown; lease released (the next run picks up what is left)`);
      await this.locks.release(name, owner, { status: 'interrupted', summary: 'interrupted by shutdown; the next run picks up what is left' });
    }
  }

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

    if (this.stopDeadline !== undefined) return finish('skipped', 'the process is shutting down');
    const owner = `${hostname()}:${process.pid}:${randomToken(6)}`;
    if (!(await this.locks.acquire(job.name, job.lockTtlMs, owner))) {
      return finish('locked', 'another run holds the lock; skipped');
    }
    const done = this.holdingLease(job.name, owner, async () => {
      try {
        // A listener that failed (a notification not written) fails the run, though its write stays.
        // Every write of the run is audited as the system's, under the job's name (and the CLI request id, if any).
        const outer = requestContext.get();
        const context = { requestId: outer?.requestId ?? `job:${job.name}:${owner}`, actor: 'system', job: job.name };
        const { result, failures } = await requestContext.run(context, () => sideEffects.collect(() => operation.call(now)));
        return failures.length
          ? finish('failed', `${describeResult(result)}; ${failures.length} side effect(s) failed, first: ${failures[0].event}: ${failures[0].error}`, result)
          : finish('completed', describeResult(result), result);
      } catch (error) {
        return finish('failed', error instanceof Error ? error.message : String(error));
      }
    });
    this.running.set(job.name, { owner, done });
    return done;
  }

  /** Runs `work` and releases the lease with its outcome — unless shutdown released it already (the run outlived the grace period). */
  private async holdingLease(name: JobName, owner: string, work: () => Promise<JobOutcome>): Promise<JobOutcome> {
    const outcome = await work();
    if (this.running.get(name)?.owner !== owner) return outcome;
    this.running.delete(name);
    await this.locks.release(name, owner, { status: outcome.status, summary: outcome.summary });
    return outcome;
  }

  /** Runs jobs one after the other (they share the database; parallel runs only add contention). */
  async runAll(names: JobName[], now = new Date()): Promise<JobOutcome[]> {
    const outcomes: JobOutcome[] = [];
    for (const name of names) outcomes.push(await this.run(name, now));
    return outcomes;
  }
}
