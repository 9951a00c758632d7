import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsOptional, IsString, Length } from 'class-validator';
import { CreatedRangeQueryDto, ListSpec } from '@app/common';
import { Role } from '../../role';

export const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class UserQueryDto extends CreatedRangeQueryDto {
  @IsOptional() @IsEnum(Role)
  role?: Role;

  @IsOptional() @IsString() @Length(1, 100)
  department?: string;

  @IsOptional() @Transform(toBoolean) @IsBoolean()
  is_active?: boolean;

  /** Case-insensitive match on first name, last name or email. */
  @IsOptional() @IsString() @Length(1, 100)
  search?: string;
}

export const USER_LIST_SPEC: ListSpec = {
  filters: {
    role: { field: 'role' },
    department: { field: 'department' },
    is_active: { field: 'is_active', type: 'boolean' },
    created_from: { field: 'created_at', type: 'gte' },
    created_to: { field: 'created_at', type: 'lte' },
    search: { type: 'search', fields: ['first_name', 'last_name', 'email'] },
  },
  sortable: ['created_at', 'updated_at', 'email', 'last_name', 'role', 'last_login_at'],
  defaultSort: '-created_at',
  projection: { password_hash: 0, sessions: 0, two_factor: 0 },
};
