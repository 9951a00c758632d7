import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DomainEvent, DomainEvents } from '@app/common';
import { AppConfig } from '@app/config';
import { CommittedEvent, OutboxRepository } from '../outbox/outbox.repository';
import { HOLE_GRACE_MS } from '../outbox/outbox.service';
import { StreamViewer } from './event-visibility';

/** One connected stream. */
export interface StreamSubscriber {
  viewer: StreamViewer;
  sessionId: string;
  /** The last outbox position this stream has considered (sent or not visible to it). */
  position: number;
  deliver(events: CommittedEvent[]): Promise<void>;
  close(reason: string): void;
}

/** Recent events kept in memory, so live streams are served without a read each. */
const RECENT_LIMIT = 2_000;
const PAGE = 500;

/**
 * Fan-out across instances from the database: each process tails the outbox by position (one
 * poll every EVENTS_POLL_MS, and only while it has streams) and hands new events to its own
 * streams. The decision is made here, once: tailing by id works on both engines and needs no
 * replica set; change streams would only save the short poll, and the capability probe
 * (libs/database) finds none on the embedded engine. A stream behind the recent window (a resume
 * with an old Last-Event-ID) reads its own pages from the outbox until it catches up.
 */
@Injectable()
export class EventStreamHub implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('EventStream');
  private readonly subscribers = new Set<StreamSubscriber>();
  private recent: CommittedEvent[] = [];
  private tail = -1;
  private timer?: NodeJS.Timeout;
  private polling = false;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly events: DomainEvents,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    // Signing out here ends that session's streams now (other instances notice on their next check).
    this.events.on(DomainEvent.UserSignedOut, async ({ user_id, session_id }) => this.closeWhere((s) => s.viewer.user.id === user_id && (session_id === null || s.sessionId === session_id), 'signed out'));
    this.events.on(DomainEvent.UserDeactivated, async ({ user_id }) => this.closeWhere((s) => s.viewer.user.id === user_id, 'account deactivated'));
  }

  /** The first shutdown hook: streams end at once, so they do not hold the drain for SHUTDOWN_GRACE_MS. */
  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.closeWhere(() => true, 'server shutting down');
  }

  /** The position a new stream without Last-Event-ID starts after: everything readable now. */
  async currentPosition(): Promise<number> {
    return this.outbox.horizon(await this.outbox.latestSeqBefore(), HOLE_GRACE_MS);
  }

  add(subscriber: StreamSubscriber): void {
    this.subscribers.add(subscriber);
    this.timer ??= setInterval(() => void this.poll(), this.config.events.pollMs);
    this.timer.unref();
    void this.poll();
  }

  remove(subscriber: StreamSubscriber): void {
    this.subscribers.delete(subscriber);
    if (this.subscribers.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private closeWhere(match: (subscriber: StreamSubscriber) => boolean, reason: string): void {
    for (const subscriber of [...this.subscribers]) if (match(subscriber)) subscriber.close(reason);
  }

  private async poll(): Promise<void> {
    if (this.polling || this.subscribers.size === 0) return;
    this.polling = true;
    try {
      if (this.tail < 0) this.tail = Math.min(...[...this.subscribers].map((s) => s.position));
      for (;;) {
        const page = await this.outbox.readAfter(this.tail, PAGE, { holeGraceMs: HOLE_GRACE_MS });
        this.recent.push(...page.events);
        if (this.recent.length > RECENT_LIMIT) this.recent = this.recent.slice(-RECENT_LIMIT);
        this.tail = page.next_after;
        if (page.events.length < PAGE) break;
      }
      await Promise.all([...this.subscribers].map((subscriber) => this.serve(subscriber)));
    } catch (error) {
      this.logger.error({ err: (error as Error).message }, 'outbox tail failed');
    } finally {
      this.polling = false;
    }
  }

  /** Brings one stream up to the tail: from memory when it is within the window, else from the outbox. */
  private async serve(subscriber: StreamSubscriber): Promise<void> {
    while (this.subscribers.has(subscriber) && subscriber.position < this.tail) {
      const oldest = this.recent[0]?.seq ?? Infinity;
      let batch: CommittedEvent[];
      let reached: number;
      if (this.recent.length > 0 && subscriber.position + 1 >= oldest) {
        batch = this.recent.filter((event) => event.seq > subscriber.position);
        reached = this.tail;
      } else {
        const page = await this.outbox.readAfter(subscriber.position, PAGE, { holeGraceMs: HOLE_GRACE_MS });
        batch = page.events;
        reached = Math.min(page.next_after, this.tail);
        batch = batch.filter((event) => event.seq <= reached);
      }
      await subscriber.deliver(batch);
      subscriber.position = Math.max(subscriber.position, reached);
    }
  }
}
