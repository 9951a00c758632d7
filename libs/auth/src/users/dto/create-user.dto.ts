import { Transform } from 'class-transformer';
import { IsEmail, IsEnum, IsOptional, IsPhoneNumber, IsString, Length, MaxLength } from 'class-validator';
import { Role } from '../../role';
import { IsPasswordPolicy } from './password-policy';

export const toLowerTrimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class CreateUserDto {
  @IsString() @Length(1, 100)
  first_name: string;

  @IsString() @Length(1, 100)
  last_name: string;

  /** Stored lower-cased; unique across staff. */
  @Transform(toLowerTrimmed) @IsEmail({ allow_display_name: false, require_tld: true }) @MaxLength(254)
  email: string;

  /**
   * At least 12 characters with upper- and lower-case letters, a digit and a symbol.
   * @example 'Corr3ct-Horse-Battery!'
   */
  @IsPasswordPolicy()
  password: string;

  @IsEnum(Role)
  role: Role;

  @IsOptional() @IsString() @Length(1, 100)
  department?: string;

  /**
   * E.164, e.g. +14155550123.
   * @example '+14155550123'
   */
  @IsOptional() @IsPhoneNumber(undefined, { message: 'phone must be an international number in E.164 form, e.g. +14155550123' })
  phone?: string;
}
