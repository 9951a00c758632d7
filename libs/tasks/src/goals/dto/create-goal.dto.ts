import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsEnum, IsMongoId, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { IsDateLike } from '@app/common';
import { GoalStatus } from '../goal.schema';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateGoalDto {
  @Transform(trim) @IsString() @Length(1, 200)
  title: string;

  @IsOptional() @IsString() @MaxLength(5000)
  description?: string | null;

  /**
   * An active support user; joins the project team if not on it.
   * @example '665f1c2e8b3a4d0012345678'
   */
  @IsOptional() @IsMongoId()
  support_employee_id?: string | null;

  @IsOptional() @IsEnum(GoalStatus)
  status?: GoalStatus;

  /** In the future when set. */
  @IsOptional() @Type(() => Date) @IsDateLike()
  due_date?: Date | null;

  /**
   * Files of the same project.
   * @example ["665f1c2e8b3a4d0012345678"]
   */
  @IsOptional() @IsArray() @ArrayMaxSize(100) @ArrayUnique() @IsMongoId({ each: true })
  file_ids?: string[];
}
