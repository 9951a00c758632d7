import { Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthUser, UsersService } from '@app/auth';
import { AppConfig } from '@app/config';
import { presentEvent } from '../feed/event-presenter';
import type { CommittedEvent } from '../outbox/outbox.repository';
import { EventStreamHub, StreamSubscriber } from './event-stream-hub.service';
import { EventVisibility, StreamViewer } from './event-visibility';

interface AccessClaims {
  exp: number;
  tv: number;
  sid: string;
}

/** The verified token's claims (the guard has checked its signature): when it expires, which session and version it carries. */
function accessClaims(request: FastifyRequest): AccessClaims {
  const token = String(request.headers.authorization ?? '').split(' ')[1] ?? '';
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as AccessClaims;
}

/** `Last-Event-ID` (set by EventSource on reconnect): an event id of GET /events, or nothing. */
function lastEventId(request: FastifyRequest): number | null {
  const value = request.headers['last-event-id'];
  return typeof value === 'string' && /^\d{1,15}$/.test(value.trim()) ? Number(value.trim()) : null;
}

/**
 * GET /events/stream: Server-Sent Events over the raw response (Fastify hijacked, so nothing
 * buffers it). Each message is `id: <event id>` + `data: <event JSON>`; a reconnect with
 * Last-Event-ID resumes after that event from the outbox, missing nothing. A comment line every
 * EVENTS_HEARTBEAT_MS keeps proxies from closing an idle stream and re-checks the session; the
 * stream ends when the access token expires, the session is revoked or the user signs out.
 */
@Injectable()
export class EventStreamService {
  private readonly logger = new Logger('EventStream');

  constructor(
    private readonly hub: EventStreamHub,
    private readonly visibility: EventVisibility,
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {}

  async open(user: AuthUser, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const claims = accessClaims(request);
    const position = lastEventId(request) ?? (await this.hub.currentPosition());
    const raw = reply.raw;
    reply.hijack();
    raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    // retry: how soon EventSource reconnects after a drop.
    raw.write(`retry: 1000\n: stream opened after event ${position}\n\n`);

    const viewer = new StreamViewer(user);
    let closed = false;
    const timers: NodeJS.Timeout[] = [];
    const close = (reason: string) => {
      if (closed) return;
      closed = true;
      timers.forEach(clearTimeout);
      this.hub.remove(subscriber);
      if (!raw.writableEnded) raw.end(`event: close\ndata: ${JSON.stringify({ reason })}\n\n`);
    };
    const subscriber: StreamSubscriber = {
      viewer,
      sessionId: claims.sid,
      position,
      deliver: async (events: CommittedEvent[]) => {
        for (const event of events) {
          if (closed) return;
          if (!(await this.visibility.canSee(event, viewer))) continue;
          raw.write(`id: ${event.seq}\ndata: ${JSON.stringify(presentEvent(event))}\n\n`);
        }
      },
      close,
    };

    const { heartbeatMs } = this.config.events;
    const heartbeat = setInterval(() => {
      raw.write(': heartbeat\n\n');
      this.users.isSessionLive(user.id, claims.tv, claims.sid).then(
        (live) => live || close('session revoked'),
        (error: Error) => this.logger.warn({ err: error.message }, 'stream session check failed'),
      );
    }, heartbeatMs);
    timers.push(heartbeat, setTimeout(() => close('token expired'), Math.max(0, claims.exp * 1000 - Date.now())));
    timers.forEach((timer) => timer.unref());
    raw.on('close', () => close('client disconnected'));
    this.hub.add(subscriber);
  }
}
