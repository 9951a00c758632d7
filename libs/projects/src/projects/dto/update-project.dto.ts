import { OmitType, PartialType } from '@nestjs/swagger';
import { IsEnum, IsOptional } from 'class-validator';
import { ProjectStatus } from '../project.schema';
import { CreateProjectDto } from './create-project.dto';

/** Team changes go through POST/DELETE /projects/:id/team; `null` clears a date or the plan. */
export class UpdateProjectDto extends PartialType(OmitType(CreateProjectDto, ['team_member_ids', 'status'] as const)) {
  /** planning → active|cancelled; active → on_hold|completed|cancelled; on_hold → active|cancelled. */
  @IsOptional() @IsEnum(ProjectStatus)
  status?: ProjectStatus;
}
