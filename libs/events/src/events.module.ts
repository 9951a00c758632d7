import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DomainEvents, EventOutbox } from '@app/common';
import { EventsController } from './feed/events.controller';
import { EventsFeedService } from './feed/events-feed.service';
import { EventSequence, EventSequenceSchema, OutboxEvent, OutboxEventSchema } from './outbox/outbox-event.schema';
import { OutboxRepository } from './outbox/outbox.repository';
import { OutboxService } from './outbox/outbox.service';

/**
 * Events out: the outbox (`events`, written through `DomainEvents.record` by every domain),
 * the admin feed `GET /events`. Global, so every domain injects `DomainEvents` without importing it.
 */
@Global()
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: OutboxEvent.name, schema: OutboxEventSchema },
      { name: EventSequence.name, schema: EventSequenceSchema },
    ]),
  ],
  controllers: [EventsController],
  providers: [OutboxRepository, OutboxService, { provide: EventOutbox, useExisting: OutboxService }, DomainEvents, EventsFeedService],
  exports: [DomainEvents, OutboxService, OutboxRepository],
})
export class EventsModule {}
