import { ApiProperty } from '@nestjs/swagger';
import { UserSummaryResponse } from '@app/auth';
import { TaskPriority, TaskStatus, TimeEntrySource } from '../task.schema';
import { ProjectStatus } from '@app/projects';
import { GoalStatus } from '../../goals/goal.schema';

export class TaskProjectSummaryResponse {
  id: string;
  name: string;
  status: ProjectStatus;
}

export class TaskGoalSummaryResponse {
  id: string;
  title: string;
  status: GoalStatus;
}

export class TimeEntryResponse {
  id: string;
  user_id: string;
  started_at: Date;
  ended_at: Date;
  /** Whole minutes, rounded down. */
  @ApiProperty({ type: 'integer' })
  minutes: number;
  note: string | null;
  source: TimeEntrySource;
  /** Invoiced at the project's rate; entries stored before the field existed are billable. */
  billable?: boolean;
  /** The invoice the entry is billed on, null while unbilled. */
  invoice_id?: string | null;
  created_at: Date;
}

export class TaskResponse {
  id: string;
  project_id: string;
  /** With `?populate=project`. */
  project?: TaskProjectSummaryResponse | null;
  goal_id: string | null;
  /** The project service the task delivers, if any. */
  service_id?: string | null;
  /** With `?populate=goal`. */
  goal?: TaskGoalSummaryResponse | null;
  tech_employee_id: string | null;
  /** With `?populate=tech_employee`. */
  tech_employee?: UserSummaryResponse | null;
  title: string;
  description: string | null;
  status: TaskStatus;
  priority: TaskPriority;
  @ApiProperty({ type: 'integer' })
  estimate_minutes: number | null;
  due_date: Date | null;
  started_at: Date | null;
  completed_at: Date | null;
  /** Sum of the entries' minutes. */
  @ApiProperty({ type: 'integer' })
  total_minutes: number;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export class TaskDetailResponse extends TaskResponse {
  time_entries: TimeEntryResponse[];
}
