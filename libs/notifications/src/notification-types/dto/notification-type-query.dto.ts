import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { ListQueryDto, ListSpec } from '@app/common';

export const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class NotificationTypeQueryDto extends ListQueryDto {
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  is_active?: boolean;
}

export const NOTIFICATION_TYPE_LIST_SPEC: ListSpec = {
  filters: { is_active: { field: 'is_active', type: 'boolean' } },
  sortable: ['key', 'name', 'created_at', 'updated_at'],
  defaultSort: 'key',
};
