import { IsEnum, IsMongoId, IsOptional } from 'class-validator';
import { ListQueryDto, ListSpec } from '@app/common';
import { USER_SUMMARY_FIELDS } from '@app/auth';
import { GoalStatus } from '../goal.schema';

export class GoalQueryDto extends ListQueryDto {
  @IsOptional() @IsEnum(GoalStatus)
  status?: GoalStatus;

  @IsOptional() @IsMongoId()
  support_employee_id?: string;

  /**
   * Only on GET /goals (the project routes are already scoped).
   */
  @IsOptional() @IsMongoId()
  project_id?: string;
}

export const GOAL_LIST_SPEC: ListSpec = {
  filters: {
    status: { field: 'status' },
    support_employee_id: { field: 'support_employee_id', type: 'objectId' },
    project_id: { field: 'project_id', type: 'objectId' },
  },
  sortable: ['created_at', 'updated_at', 'due_date', 'title', 'status'],
  defaultSort: '-created_at',
  populate: {
    support_employee: { from: 'support_employee_id', model: 'User', select: USER_SUMMARY_FIELDS },
    project: { from: 'project_id', model: 'Project', select: ['name', 'status'] },
  },
};
