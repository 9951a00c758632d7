import { ApiProperty } from '@nestjs/swagger';
import { Role, UserSummaryResponse } from '@app/auth';

export class FileResponse {
  id: string;
  project_id: string;
  /** Display name as uploaded (path segments, control and bidi characters removed). */
  original_name: string;
  /** Detected from the content, not from what the client claimed. */
  mime_type: string;
  /** Bytes. */
  @ApiProperty({ type: 'integer' })
  size: number;
  /** SHA-256 of the content, hex; the download's ETag. */
  sha256: string;
  uploaded_by: string;
  /** With `?populate=uploader`. */
  uploader?: UserSummaryResponse | null;
  allowed_roles: Role[];
  created_at: Date;
  updated_at: Date;
}
