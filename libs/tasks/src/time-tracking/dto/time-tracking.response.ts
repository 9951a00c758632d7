import { ApiProperty } from '@nestjs/swagger';
import { TimeEntryResponse } from '../../tasks/dto/task.response';

export class RunningTimerResponse {
  task_id: string;
  /** Title of the task the timer runs on. */
  task_title: string | null;
  project_id: string;
  started_at: Date;
  /** Whole minutes so far. */
  @ApiProperty({ type: 'integer' })
  elapsed_minutes: number;
  note: string | null;
  /** The entry it becomes is invoiced (default true). */
  billable: boolean;
}

export class CurrentTimerResponse {
  /** The caller's running timer, or null. */
  timer: RunningTimerResponse | null;
}

export class TaskTimeResponse {
  task_id: string;
  entry: TimeEntryResponse;
  /** The task's total after this entry. */
  @ApiProperty({ type: 'integer' })
  total_minutes: number;
}
