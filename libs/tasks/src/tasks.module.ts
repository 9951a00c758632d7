import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuthModule } from '@app/auth';
import { EntityLocks } from '@app/database';
import { ProjectsModule } from '@app/projects';
import { Goal, GoalSchema } from './goals/goal.schema';
import { GoalsController } from './goals/goals.controller';
import { GoalsService } from './goals/goals.service';
import { ProjectCleanupListener } from './project-cleanup.listener';
import { TaskProjectWorkModule } from './project-work/task-project-work';
import { TimeReportsController } from './reports/time-reports.controller';
import { TimeReportsService } from './reports/time-reports.service';
import { Task, TaskSchema } from './tasks/task.schema';
import { TasksController } from './tasks/tasks.controller';
import { TasksService } from './tasks/tasks.service';
import { RunningTimer, RunningTimerSchema } from './time-tracking/running-timer.schema';
import { TaskAccessLoader, TimeEntryAccessLoader } from './tasks/task-access.loader';
import { TimeTrackingController } from './time-tracking/time-tracking.controller';
import { TimeTrackingService } from './time-tracking/time-tracking.service';
import { TimeEntriesBillingService } from './time-tracking/time-entries-billing.service';

/**
 * Goals, tasks and time tracking inside projects (access through @app/projects), and the
 * time-tracked report. Cleans up after a deleted project; answers projects' ProjectWorkSource.
 */
@Module({
  imports: [
    AuthModule,
    ProjectsModule,
    TaskProjectWorkModule,
    MongooseModule.forFeature([
      { name: Goal.name, schema: GoalSchema },
      { name: Task.name, schema: TaskSchema },
      { name: RunningTimer.name, schema: RunningTimerSchema },
    ]),
  ],
  controllers: [GoalsController, TasksController, TimeTrackingController, TimeReportsController],
  providers: [TaskAccessLoader, TimeEntryAccessLoader, GoalsService, TasksService, TimeTrackingService, TimeEntriesBillingService, TimeReportsService, ProjectCleanupListener, EntityLocks],
  exports: [GoalsService, TasksService, TimeTrackingService, TimeEntriesBillingService],
})
export class TasksModule {}
