import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsEnum, IsInt, IsMongoId, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { IsDateLike } from '@app/common';
import { TaskPriority, TaskStatus } from '../task.schema';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateTaskDto {
  @Transform(trim) @IsString() @Length(1, 200)
  title: string;

  @IsOptional() @IsString() @MaxLength(10000)
  description?: string | null;

  /**
   * A goal of the same project.
   * @example '665f1c2e8b3a4d0012345678'
   */
  @IsOptional() @IsMongoId()
  goal_id?: string | null;

  /**
   * A service of the same project: its rate override prices the task's time, and invoices group by it.
   * @example '665f1c2e8b3a4d0012345678'
   */
  @IsOptional() @IsMongoId()
  service_id?: string | null;

  /**
   * An active tech user; joins the project team if not on it. Tech callers may only assign themselves (the default for them).
   * @example '665f1c2e8b3a4d0012345678'
   */
  @IsOptional() @IsMongoId()
  tech_employee_id?: string | null;

  @IsOptional() @IsEnum(TaskStatus)
  status?: TaskStatus;

  @IsOptional() @IsEnum(TaskPriority)
  priority?: TaskPriority;

  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional() @IsInt() @Min(0) @Max(1_000_000)
  estimate_minutes?: number | null;

  /** In the future when set. */
  @IsOptional() @Type(() => Date) @IsDateLike()
  due_date?: Date | null;
}
