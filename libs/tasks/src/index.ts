export * from './tasks.module';
export * from './goals/goal.schema';
export * from './goals/goals.service';
export * from './tasks/task.schema';
export * from './tasks/tasks.service';
export * from './time-tracking/running-timer.schema';
export * from './time-tracking/time-tracking.service';
export * from './time-tracking/time-entries-billing.service';
