import { TimeEntrySource } from '../../tasks/task.schema';

export class RunningTimerResponse {
  task_id: string;
  /** Title of the task the timer runs on. */
  task_title: string | null;
  project_id: string;
  started_at: Date;
  /** Whole minutes so far. */
  elapsed_minutes: number;
  note: string | null;
}

export class CurrentTimerResponse {
  /** The caller's running timer, or null. */
  timer: RunningTimerResponse | null;
}

export class TrackedTimeEntryResponse {
  id: string;
  user_id: string;
  started_at: Date;
  ended_at: Date;
  minutes: number;
  note: string | null;
  source: TimeEntrySource;
}

export class TaskTimeResponse {
  task_id: string;
  entry: TrackedTimeEntryResponse;
  /** The task's total after this entry. */
  total_minutes: number;
}
