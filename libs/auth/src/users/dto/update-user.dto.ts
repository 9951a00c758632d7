import { IsBoolean, IsEnum, IsOptional, IsPhoneNumber, IsString, Length, ValidateIf } from 'class-validator';
import { Role } from '../../role';

export class UpdateUserDto {
  @IsOptional() @IsString() @Length(1, 100)
  first_name?: string;

  @IsOptional() @IsString() @Length(1, 100)
  last_name?: string;

  @IsOptional() @IsEnum(Role)
  role?: Role;

  /** null clears the department. */
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @Length(1, 100)
  department?: string | null;

  /** @example '+14155550123' */
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsPhoneNumber(undefined, { message: 'phone must be an international number in E.164 form, e.g. +14155550123' })
  phone?: string | null;

  /** false deactivates the user and revokes their tokens. */
  @IsOptional() @IsBoolean()
  is_active?: boolean;
}
