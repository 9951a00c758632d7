import { ApiProperty } from '@nestjs/swagger';
import { OUTBOX_EVENT_TYPES } from '@app/common';

/** One change, as the feed, webhooks and the live stream carry it. */
export class EventResponse {
  /** Its position in the feed (increasing, the `after` cursor, the stream's event id). */
  id: string;
  @ApiProperty({ enum: OUTBOX_EVENT_TYPES })
  type: string;
  entity_type: string;
  entity_id: string;
  @ApiProperty({ type: String, nullable: true })
  actor_id: string | null;
  occurred_at: Date;
  /** The changed fields and event facts, redacted like the audit trail (secrets, card data and tokens never appear). */
  @ApiProperty({ type: 'object', additionalProperties: true })
  data: Record<string, unknown>;
}

export class EventPageResponse {
  @ApiProperty({ type: [EventResponse] })
  data: EventResponse[];
  /** Pass as `after` for the next page (unchanged when there is nothing new yet). */
  next_after: string;
}
