import { PartialType } from '@nestjs/swagger';
import { CreateTaskDto } from './create-task.dto';

/** Status changes stamp started_at / completed_at; `null` clears goal, assignee, estimate or due date. */
export class UpdateTaskDto extends PartialType(CreateTaskDto) {}
