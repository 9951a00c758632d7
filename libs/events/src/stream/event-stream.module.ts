import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { CustomersModule, LeadsModule } from '@app/crm';
import { ProjectsModule } from '@app/projects';
import { EventStreamController } from './event-stream.controller';
import { EventStreamHub } from './event-stream-hub.service';
import { EventStreamService } from './event-stream.service';
import { EventVisibility } from './event-visibility';

/** The live stream: the outbox tailed by this process, filtered through the domains' own row-level rules. */
@Module({
  imports: [AuthModule, LeadsModule, CustomersModule, ProjectsModule],
  controllers: [EventStreamController],
  providers: [EventStreamHub, EventStreamService, EventVisibility],
})
export class EventStreamModule {}
