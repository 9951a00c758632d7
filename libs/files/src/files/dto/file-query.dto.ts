import { IsMongoId, IsOptional, IsString, Length, Matches } from 'class-validator';
import { CreatedRangeQueryDto, ListSpec } from '@app/common';
import { USER_SUMMARY_FIELDS } from '@app/auth';

export class FileQueryDto extends CreatedRangeQueryDto {
  /** Exact detected MIME type, e.g. `image/png`. */
  @IsOptional() @IsString() @Matches(/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/, { message: 'mime_type must look like type/subtype' })
  mime_type?: string;

  @IsOptional() @IsMongoId()
  uploaded_by?: string;

  /** Case-insensitive match on the file name. */
  @IsOptional() @IsString() @Length(1, 100)
  search?: string;
}

export const FILE_LIST_SPEC: ListSpec = {
  filters: {
    mime_type: { field: 'mime_type' },
    uploaded_by: { field: 'uploaded_by', type: 'objectId' },
    created_from: { field: 'created_at', type: 'gte' },
    created_to: { field: 'created_at', type: 'lte' },
    search: { type: 'search', fields: ['original_name'] },
  },
  sortable: ['created_at', 'original_name', 'size'],
  defaultSort: '-created_at',
  populate: { uploader: { from: 'uploaded_by', model: 'User', select: USER_SUMMARY_FIELDS } },
  projection: { storage_key: 0 },
};
