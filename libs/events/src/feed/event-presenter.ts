import type { CommittedEvent } from '../outbox/outbox.repository';
import type { EventResponse } from './dto/event.response';

/** The public form of an event: the same for the feed, a webhook body and a stream message. */
export function presentEvent(event: CommittedEvent): EventResponse {
  return {
    id: String(event.seq),
    type: event.type,
    entity_type: event.entity_type,
    entity_id: event.entity_id,
    actor_id: event.actor_id,
    occurred_at: event.occurred_at,
    data: event.data,
  };
}
