import { ListQueryDto, ListSpec } from '@app/common';

export class ApiKeyQueryDto extends ListQueryDto {}

export const API_KEY_LIST_SPEC: ListSpec = {
  sortable: ['created_at', 'name', 'last_used_at', 'expires_at'],
  defaultSort: '-created_at',
  projection: { key_hash: 0 },
};
