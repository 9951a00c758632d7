import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { hostname } from 'os';
import type { Types } from 'mongoose';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Role, UsersService } from '@app/auth';
import { DomainEvent, DomainEvents } from '@app/common';
import { AppConfig } from '@app/config';
import { FieldEncryptionService, randomToken } from '@app/crypto';
import { presentEvent } from '../feed/event-presenter';
import { parseEventTypes } from '../feed/event-types';
import { OutboxRepository } from '../outbox/outbox.repository';
import { HOLE_GRACE_MS } from '../outbox/outbox.service';
import { sendWebhook } from './webhook-sender';
import { WebhookDeliveryRecord, WebhookRecord } from './webhook.schema';
import { WebhooksRepository } from './webhooks.repository';

const MAX_BACKOFF_MS = 3_600_000;
/** Deliveries one endpoint gets per tick, so one busy endpoint does not starve the others. */
const SENDS_PER_TICK = 20;

/** The delay before retry `attempt` (1, 2, …): base · 2^(attempt-1), at most an hour, ±20 % jitter so retries do not stampede. */
export function retryDelayMs(attempt: number, baseMs: number, random = Math.random): number {
  const exponential = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (0.8 + 0.4 * random()));
}

/**
 * Sends webhook deliveries, in every API process. Per endpoint, the holder of the endpoint's lease
 * (a conditional update on the webhook document, the job-lease pattern) turns new outbox events
 * into deliveries and sends them one at a time in event order: the oldest unfinished delivery
 * blocks the later ones until it succeeds or is given up. So two processes never send the same
 * delivery at once, and an endpoint sees its events in order. At-least-once: a process that dies
 * after sending but before recording sends it again once its lease expires.
 */
@Injectable()
export class WebhookWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private readonly owner = `${hostname()}:${process.pid}:${randomToken(6)}`;
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly outbox: OutboxRepository,
    private readonly encryption: FieldEncryptionService,
    private readonly users: UsersService,
    private readonly events: DomainEvents,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.events.workerEnabled) this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass over every active endpoint (exported for tests and the CLI). */
  async tick(): Promise<void> {
    for (const id of await this.webhooks.activeIds()) {
      if (this.stopped) return;
      await this.serveEndpoint(id).catch((error: Error) => this.logger.error({ webhook_id: String(id), err: error.message }, 'webhook worker pass failed'));
    }
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((error: Error) => this.logger.error({ err: error.message }, 'webhook worker tick failed'))
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.schedule();
        });
    }, this.config.events.pollMs);
    this.timer.unref();
  }

  private get leaseMs(): number {
    return this.config.events.webhookTimeoutMs * 2 + 5_000;
  }

  private async serveEndpoint(id: Types.ObjectId): Promise<void> {
    let webhook = await this.webhooks.claim(id, this.owner, this.leaseMs);
    if (!webhook) return;
    try {
      const page = await this.outbox.readAfter(webhook.cursor, 200, { types: parseEventTypes(webhook.event_types, 'event_types'), holeGraceMs: HOLE_GRACE_MS });
      if (page.next_after > webhook.cursor) await this.webhooks.fanOut(webhook, this.owner, page.events, page.next_after);
      for (let sent = 0; sent < SENDS_PER_TICK && !this.stopped; sent++) {
        const head = await this.webhooks.head(webhook._id);
        if (!head || head.next_attempt_at.getTime() > Date.now()) return;
        // Renew before each attempt: the lease must outlive the attempt's timeout.
        webhook = await this.webhooks.claim(id, this.owner, this.leaseMs);
        if (!webhook || !(await this.attempt(webhook, head))) return;
      }
    } finally {
      await this.webhooks.release(id, this.owner);
    }
  }

  /** Sends one delivery; true when the endpoint may go on to its next one. */
  private async attempt(webhook: WebhookRecord, delivery: WebhookDeliveryRecord): Promise<boolean> {
    const { webhookMaxAttempts, webhookMaxFailures, webhookRetryBaseMs, webhookTimeoutMs } = this.config.events;
    const event = await this.outbox.findCommitted(delivery.event_seq);
    if (!event) {
      await this.webhooks.recordFailure(delivery, { ok: false, status: null, latency_ms: 0, error: 'the event is past EVENTS_RETENTION_DAYS and no longer kept' }, null);
      return true;
    }
    const body = JSON.stringify(presentEvent(event));
    // The same id on every attempt of this event, so the receiver can drop duplicates (at-least-once).
    const messageId = `msg_${event.seq}`;
    const timestamp = new Date();
    const signature = new StandardWebhook(this.encryption.decrypt(webhook.secret_encrypted)).sign(messageId, timestamp, body);
    const outcome = await sendWebhook(
      webhook.url,
      body,
      { 'webhook-id': messageId, 'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)), 'webhook-signature': signature },
      { timeoutMs: webhookTimeoutMs, guardAddresses: this.config.isProduction },
    );
    if (outcome.ok) {
      await this.webhooks.recordSuccess(delivery, outcome);
      return true;
    }
    const attempts = delivery.attempts + 1;
    const retryAt = attempts >= webhookMaxAttempts ? null : new Date(Date.now() + retryDelayMs(attempts, webhookRetryBaseMs));
    const failures = await this.webhooks.recordFailure(delivery, outcome, retryAt);
    this.logger.warn({ webhook_id: String(webhook._id), event_id: event.seq, attempts, status: outcome.status, err: outcome.error }, 'webhook delivery attempt failed');
    if (failures >= webhookMaxFailures) {
      await this.disable(webhook, failures, outcome.error ?? 'unknown error');
      return false;
    }
    // Given up: the next delivery may go; a retry is pending: the endpoint waits for it (order).
    return retryAt === null;
  }

  private async disable(webhook: WebhookRecord, failures: number, lastError: string): Promise<void> {
    if (!(await this.webhooks.disable(webhook._id, `${failures} failed attempts in a row (last: ${lastError})`))) return;
    this.logger.error({ webhook_id: String(webhook._id), failures }, 'webhook endpoint disabled after repeated failures');
    await this.events.emit(DomainEvent.WebhookDisabled, {
      recipient_ids: await this.users.activeIdsWithRole([Role.Admin]),
      entity_type: 'webhook',
      entity_id: String(webhook._id),
      data: { webhook_url: webhook.url, failures, last_error: lastError.slice(0, 200) },
    });
  }
}
