import { UserSummaryResponse } from '@app/auth';
import { GoalStatus } from '../goal.schema';
import { ProjectStatus } from '@app/projects';

export class GoalProjectSummaryResponse {
  id: string;
  name: string;
  status: ProjectStatus;
}

export class GoalResponse {
  id: string;
  project_id: string;
  /** With `?populate=project`. */
  project?: GoalProjectSummaryResponse | null;
  title: string;
  description: string | null;
  support_employee_id: string | null;
  /** With `?populate=support_employee`. */
  support_employee?: UserSummaryResponse | null;
  status: GoalStatus;
  due_date: Date | null;
  achieved_at: Date | null;
  file_ids: string[];
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}
