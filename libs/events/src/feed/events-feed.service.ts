import { Injectable } from '@nestjs/common';
import { HOLE_GRACE_MS } from '../outbox/outbox.service';
import { OutboxRepository } from '../outbox/outbox.repository';
import { EventFeedQueryDto } from './dto/event-query.dto';
import { EventPageResponse } from './dto/event.response';
import { presentEvent } from './event-presenter';
import { parseEventTypes } from './event-types';

@Injectable()
export class EventsFeedService {
  constructor(private readonly outbox: OutboxRepository) {}

  async page(query: EventFeedQueryDto): Promise<EventPageResponse> {
    const types = query.types ? parseEventTypes(query.types, 'types') : undefined;
    const page = await this.outbox.readAfter(query.after ?? 0, query.limit ?? 100, { types, holeGraceMs: HOLE_GRACE_MS });
    return { data: page.events.map(presentEvent), next_after: String(page.next_after) };
  }
}
