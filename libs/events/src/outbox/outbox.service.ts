import { Injectable, Logger } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { BSON } from 'mongodb';
import type { Connection } from 'mongoose';
import { AuditSanitizer, createAuditSanitizer } from '@app/audit';
import { ChangeConfirmation, EventOutbox, OutboxDraft, PendingOutboxEvents } from '@app/common';
import { AppConfig } from '@app/config';
import { OutboxEventRecord, OutboxEventStatus } from './outbox-event.schema';
import { OutboxRepository } from './outbox.repository';

/** A pending event older than this is settled by the repair job (its request has long answered or died). */
export const PENDING_GRACE_MS = 30_000;
/** A hole in the sequence older than this is given up by readers (see OutboxRepository.horizon). */
export const HOLE_GRACE_MS = 10_000;

export interface RepairResult {
  committed: number;
  discarded: number;
}

/**
 * The outbox behind `DomainEvents.record`: pending first, then the change, then commit. The data
 * is redacted with the audit trail's own sanitiser (`createAuditSanitizer`, the configured PII
 * keys included), so an event never carries what the audit trail would not.
 */
@Injectable()
export class OutboxService extends EventOutbox {
  private readonly logger = new Logger('Outbox');
  private readonly sanitize: AuditSanitizer;

  constructor(
    private readonly repository: OutboxRepository,
    @InjectConnection() private readonly connection: Connection,
    private readonly config: AppConfig,
  ) {
    super();
    this.sanitize = createAuditSanitizer(config.retention.auditPiiFields);
  }

  async begin(drafts: OutboxDraft[]): Promise<PendingOutboxEvents> {
    const keys = await this.repository.insertPending(drafts.map((draft) => this.toPending(draft)));
    return {
      commit: () => this.repository.commit(keys),
      discard: () => this.repository.discard(keys),
    };
  }

  /**
   * Settles pending events left by a crash between the pending write and the commit: the change
   * happened (its confirmation filter matches) → committed now; it did not → discarded.
   */
  async repairPending(now = new Date()): Promise<RepairResult> {
    const result: RepairResult = { committed: 0, discarded: 0 };
    for (const event of await this.repository.pendingBefore(new Date(now.getTime() - PENDING_GRACE_MS))) {
      const happened = await this.changeHappened(event);
      if (happened) {
        await this.repository.commit([event._id], now);
        result.committed++;
      } else {
        await this.repository.discard([event._id]);
        result.discarded++;
      }
    }
    if (result.committed + result.discarded > 0) this.logger.warn(result, 'settled pending outbox events left by an interrupted operation');
    return result;
  }

  /** The events-retention job: committed events older than EVENTS_RETENTION_DAYS. */
  purgeExpired(now = new Date()): Promise<number> {
    return this.repository.purgeCommittedBefore(new Date(now.getTime() - this.config.events.retentionDays * 24 * 3600 * 1000));
  }

  private async changeHappened(event: OutboxEventRecord): Promise<boolean> {
    if (!event.confirm) return false;
    const { collection, filter } = BSON.EJSON.parse(event.confirm, { relaxed: false }) as ChangeConfirmation;
    // The owning domain wrote this filter when it recorded the event; here it is only evaluated.
    return (await this.connection.db!.collection(collection).countDocuments(filter, { limit: 1 })) > 0;
  }

  private toPending(draft: OutboxDraft): OutboxEventRecord {
    return {
      _id: draft.key,
      status: OutboxEventStatus.Pending,
      type: draft.type,
      entity_type: draft.entity_type,
      entity_id: draft.entity_id,
      actor_id: draft.actor_id,
      occurred_at: draft.occurred_at,
      data: this.sanitize(draft.data) ?? {},
      scope: draft.scope,
      confirm: BSON.EJSON.stringify(draft.confirm, { relaxed: false }),
    };
  }
}
