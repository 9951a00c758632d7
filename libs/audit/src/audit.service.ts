import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectModel } from '@nestjs/mongoose';
import { isValidObjectId, Model, Types } from 'mongoose';
import { AppConfig } from '@app/config';
import { requestContext } from '@app/common';
import { ActivityLog } from './activity-logs/activity-log.schema';
import { AUDIT_RECORD_EVENT, AuditRecord } from '@app/common';
import { AuditSanitizer, createAuditSanitizer, isOmittedPath } from './audit-sanitizer';
import { changedFields } from './changed-fields';

const MAX_USER_AGENT_LENGTH = 512;

/** Writes the audit trail. Everything that records an action goes through `record`. */
@Injectable()
export class AuditService {
  private readonly sanitize: AuditSanitizer;

  constructor(
    @InjectModel(ActivityLog.name) private readonly logs: Model<ActivityLog>,
    private readonly config: AppConfig,
  ) {
    this.sanitize = createAuditSanitizer(config.retention.auditPiiFields);
  }

  /**
   * Sanitises the states and metadata, diffs them, stamps the request (ip, user agent, request id,
   * signed-in user) and inserts one record. Throws if it cannot be written: callers must not
   * carry on as if it had been.
   */
  async record(record: AuditRecord): Promise<void> {
    const context = requestContext.get();
    const actorId = record.actor_id !== undefined ? record.actor_id : context?.userId;
    await this.logs.create({
      user_id: toObjectId(actorId, 'actor_id'),
      action: record.action,
      entity_type: record.entity_type,
      entity_id: toObjectId(record.entity_id, 'entity_id'),
      before: this.sanitize(record.before),
      after: this.sanitize(record.after),
      changed_fields: changedFields(record.before, record.after).filter((path) => !isOmittedPath(path)),
      ip: context?.ip ?? null,
      user_agent: context?.userAgent?.slice(0, MAX_USER_AGENT_LENGTH) ?? null,
      request_id: context?.requestId ?? null,
      metadata: this.sanitize(record.metadata) ?? {},
    });
  }

  /**
   * `emitAsync(AUDIT_RECORD_EVENT, record)` awaits this write. Errors are not suppressed, so a
   * record that cannot be written fails the emitting operation instead of vanishing.
   */
  @OnEvent(AUDIT_RECORD_EVENT, { async: false, promisify: true, suppressErrors: false })
  async onAuditRecord(record: AuditRecord): Promise<void> {
    await this.record(record);
  }

  /**
   * Deletes records past the retention period; returns how many. MongoDB's TTL index does this
   * on its own; engines that ignore TTL indexes need the scheduled job to call this.
   */
  async purgeExpired(now: Date = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.retention.auditDays * 24 * 3600 * 1000);
    const result = await this.logs.deleteMany({ created_at: { $lt: cutoff } });
    return result.deletedCount;
  }
}

function toObjectId(value: string | null | undefined, field: string): Types.ObjectId | null {
  if (value === null || value === undefined) return null;
  if (!isValidObjectId(value) || !/^[0-9a-fA-F]{24}$/.test(String(value))) {
    throw new Error(`Audit record ${field} must be a 24-character hex ObjectId, got ${JSON.stringify(value)}`);
  }
  return new Types.ObjectId(String(value));
}
