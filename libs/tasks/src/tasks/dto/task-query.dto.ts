import { IsEnum, IsMongoId, IsOptional, IsString, Length } from 'class-validator';
import { CreatedRangeQueryDto, ListSpec } from '@app/common';
import { USER_SUMMARY_FIELDS } from '@app/auth';
import { TaskPriority, TaskStatus } from '../task.schema';

export class TaskQueryDto extends CreatedRangeQueryDto {
  @IsOptional() @IsEnum(TaskStatus)
  status?: TaskStatus;

  @IsOptional() @IsEnum(TaskPriority)
  priority?: TaskPriority;

  @IsOptional() @IsMongoId()
  goal_id?: string;

  @IsOptional() @IsMongoId()
  tech_employee_id?: string;

  /**
   * Ignored on project routes (already scoped).
   */
  @IsOptional() @IsMongoId()
  project_id?: string;

  /** Case-insensitive match on the title. */
  @IsOptional() @IsString() @Length(1, 100)
  search?: string;
}

export const TASK_LIST_SPEC: ListSpec = {
  filters: {
    status: { field: 'status' },
    priority: { field: 'priority' },
    goal_id: { field: 'goal_id', type: 'objectId' },
    tech_employee_id: { field: 'tech_employee_id', type: 'objectId' },
    project_id: { field: 'project_id', type: 'objectId' },
    created_from: { field: 'created_at', type: 'gte' },
    created_to: { field: 'created_at', type: 'lte' },
    search: { type: 'search', fields: ['title'] },
  },
  sortable: ['created_at', 'updated_at', 'due_date', 'title', 'status', 'priority', 'total_minutes'],
  defaultSort: '-created_at',
  populate: {
    project: { from: 'project_id', model: 'Project', select: ['name', 'status'] },
    goal: { from: 'goal_id', model: 'Goal', select: ['title', 'status'] },
    tech_employee: { from: 'tech_employee_id', model: 'User', select: USER_SUMMARY_FIELDS },
  },
  // Entries are served with one task (GET /tasks/:id), not in lists.
  projection: { time_entries: 0 },
};
