import { PartialType } from '@nestjs/swagger';
import { CreateGoalDto } from './create-goal.dto';

/** `null` clears support_employee_id, description or due_date. */
export class UpdateGoalDto extends PartialType(CreateGoalDto) {}
