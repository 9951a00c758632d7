import { ApiProperty } from '@nestjs/swagger';
export class NotificationResponse {
  id: string;
  /** The notification type's key, e.g. `mention`. */
  type: string;
  title: string;
  body: string;
  /** What it is about, e.g. `message` and the message id. */
  entity_type: string;
  entity_id: string;
  is_read: boolean;
  read_at: Date | null;
  created_at: Date;
}

export class NotificationCountResponse {
  @ApiProperty({ type: 'integer' })
  count: number;
}
