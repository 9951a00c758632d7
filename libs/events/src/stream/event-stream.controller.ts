import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AnyRole, AuthUser, CurrentUser } from '@app/auth';
import { EventStreamService } from './event-stream.service';

@ApiTags('events')
@Controller('events')
export class EventStreamController {
  constructor(private readonly streams: EventStreamService) {}

  /**
   * The signed-in user's live events (Server-Sent Events): their notifications (created, read),
   * messages and mentions in conversations they can read, and changes to records they can see.
   * Every message is `id: <event id>` and `data: <event JSON, as in GET /events>`; reconnect with
   * `Last-Event-ID` to resume after that event. Comment lines are heartbeats. The stream ends with
   * `event: close` when the access token expires, the session is revoked or the user signs out.
   * Send the access token as `Authorization: Bearer` (an EventSource with a custom fetch).
   */
  @Get('stream')
  @AnyRole()
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event id (sent by EventSource on reconnect)' })
  @ApiOkResponse({
    description: 'An open text/event-stream',
    content: { 'text/event-stream': { schema: { type: 'string', example: 'id: 42\ndata: {"id":"42","type":"lead.created",…}\n\n' } } },
  })
  async stream(@CurrentUser() user: AuthUser, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.streams.open(user, request, reply);
  }
}
