import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AuthModule } from '@app/auth';
import { FilesModule } from '@app/files';
import { DomainOperations } from './jobs/domain-operations';
import { JobLockService } from './jobs/job-lock.service';
import { JobRunner } from './jobs/job-runner.service';
import { JobScheduler } from './jobs/job-scheduler.service';
import { DeployService } from './deploy/deploy.service';
import { BackupService } from './maintenance/backup.service';
import { IndexAnalysisService } from './maintenance/index-analysis.service';
import { KeyRotationService } from './maintenance/key-rotation.service';
import { RestoreService } from './maintenance/restore.service';
import { MigrationRunner } from './migrate/migration-runner.service';
import { SeedService } from './seed/seed.service';
import { IndexSyncService } from './setup/index-sync.service';
import { SetupService } from './setup/setup.service';
import { StatsService } from './stats/stats.service';
import { ValidationService } from './validate/validation.service';

const SERVICES = [
  // scheduled jobs: the runner (lock, log) and the domain operations it calls
  JobRunner,
  JobLockService,
  DomainOperations,
  // database lifecycle (the CLI's db:* commands)
  SetupService,
  IndexSyncService,
  SeedService,
  ValidationService,
  StatsService,
  MigrationRunner,
  DeployService,
  // maintenance
  BackupService,
  RestoreService,
  IndexAnalysisService,
  KeyRotationService,
];

/**
 * Operations: scheduled jobs (put on the clock by JobScheduler only when SCHEDULER_ENABLED)
 * and the services behind the CLI. It reads every domain's models through the connection and
 * calls domain services for domain rules (purges, billing, default notification types).
 */
@Module({
  // FilesModule: the blob storage the seeder writes sample files and attachments to.
  imports: [ScheduleModule.forRoot(), AuthModule, FilesModule],
  providers: [...SERVICES, JobScheduler],
  exports: SERVICES,
})
export class OpsModule {}
