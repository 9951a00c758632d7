import { ApiProperty } from '@nestjs/swagger';
import { DetectedType } from '../detected-type';

export class AttachmentResponse {
  id: string;
  message_id: string;
  name: string;
  /** Detected from the content. */
  mime_type: string;
  detected_type: DetectedType;
  @ApiProperty({ type: 'integer' })
  size: number;
  /** SHA-256 of the content, hex. */
  sha256: string;
  uploaded_by: string;
  /** Signed, short-lived download path (relative to the API); needs no token. */
  download_url?: string;
  /** When `download_url` stops working; list again for a fresh one. */
  url_expires_at?: Date;
  created_at: Date;
}
