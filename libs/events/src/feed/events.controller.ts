import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiKeyArea, Role, Roles } from '@app/auth';
import { EventFeedQueryDto } from './dto/event-query.dto';
import { EventPageResponse } from './dto/event.response';
import { EventsFeedService } from './events-feed.service';

@ApiTags('events')
// Integrations read the feed with an `events:read` key (the live stream is a person's: no keys).
@ApiKeyArea('events')
@Controller('events')
export class EventsController {
  constructor(private readonly feed: EventsFeedService) {}

  /**
   * The outbox in order: every change worth telling, oldest first. Page with `after=<next_after>`;
   * an event is served once everything before it is readable, so a reader never skips one.
   */
  @Get()
  @Roles(Role.Admin)
  list(@Query() query: EventFeedQueryDto): Promise<EventPageResponse> {
    return this.feed.page(query);
  }
}
