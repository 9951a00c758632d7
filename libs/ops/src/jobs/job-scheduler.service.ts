import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { AppConfig } from '@app/config';
import { JobRunner } from './job-runner.service';
import { JOBS } from './jobs';

/**
 * Puts the jobs on the clock when SCHEDULER_ENABLED (tests and the CLI turn it off; the CLI
 * runs them on demand with `db:cleanup`). Every instance may schedule: the lock picks one runner.
 */
@Injectable()
export class JobScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger('Jobs');

  constructor(
    private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly runner: JobRunner,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.scheduler.enabled) return;
    for (const job of Object.values(JOBS)) {
      const cron = CronJob.from({
        cronTime: job.cron,
        onTick: () => {
          this.runner.run(job.name).catch((error: unknown) => this.logger.error(`${job.name}: ${String(error)}`));
        },
      });
      this.registry.addCronJob(job.name, cron);
      cron.start();
    }
    this.logger.log(`scheduled ${Object.values(JOBS).map((job) => `${job.name} (${job.cron})`).join(', ')}`);
  }
}
