import { ApiProperty } from '@nestjs/swagger';
import { DeliveryStatus } from '../webhook.schema';

export class WebhookResponse {
  id: string;
  url: string;
  event_types: string[];
  @ApiProperty({ type: String, nullable: true })
  description: string | null;
  active: boolean;
  /** Failed attempts in a row (WEBHOOK_MAX_FAILURES disables the endpoint). */
  consecutive_failures: number;
  /** Why the endpoint was switched off, when it was. */
  @ApiProperty({ type: String, nullable: true })
  disabled_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

/** The creation response: the only time the signing secret is shown. */
export class CreatedWebhookResponse extends WebhookResponse {
  /** `whsec_…`: verify `webhook-signature` with it (Standard Webhooks). Shown once; store it now. */
  secret: string;
}

export class WebhookListResponse {
  @ApiProperty({ type: [WebhookResponse] })
  data: WebhookResponse[];
}

export class WebhookDeliveryResponse {
  id: string;
  webhook_id: string;
  /** The event's id in GET /events (and the `webhook-id` header is `msg_<event id>`). */
  event_id: string;
  event_type: string;
  @ApiProperty({ enum: DeliveryStatus })
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  /** The last attempt's HTTP status (null when it got none: refused, timed out, blocked). */
  @ApiProperty({ type: Number, nullable: true })
  response_code: number | null;
  @ApiProperty({ type: Number, nullable: true })
  latency_ms: number | null;
  @ApiProperty({ type: String, nullable: true })
  last_error: string | null;
  @ApiProperty({ type: Date, nullable: true })
  delivered_at: Date | null;
  created_at: Date;
}

export class WebhookDeliveryListResponse {
  @ApiProperty({ type: [WebhookDeliveryResponse] })
  data: WebhookDeliveryResponse[];
}

export class WebhookReplayResponse {
  /** Existing deliveries sent again; events without one yet are delivered as the worker reaches them. */
  reset: number;
  after_event_id: string;
}
