import { Injectable, OnModuleInit } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { Connection, isValidObjectId, Model, Types } from 'mongoose';
import { AppConfig } from '@app/config';
import { AuditAction, RequestContext, requestContext } from '@app/common';
import { PersistedWrite, writeAudit, WriteAuditSink } from '@app/database';
import { ENTITY_TYPES, UNAUDITED_COLLECTIONS, UNAUDITED_FIELDS } from './audited-collections';
import { ActivityLog } from './activity-logs/activity-log.schema';
import { AUDIT_RECORD_EVENT, AuditRecord } from '@app/common';
import { AuditSanitizer, createAuditSanitizer, isOmittedPath } from './audit-sanitizer';
import { changedFields } from './changed-fields';

const MAX_USER_AGENT_LENGTH = 512;

type ActivityLogRow = Omit<ActivityLog, '_id'>;

/**
 * Writes the audit trail. Every create/update/delete through a model reaches `recordWrites` from
 * the persistence layer (`writeAuditPlugin` in @app/database, attached here); actions that are not
 * writes (logins, sensitive reads) go through `record`.
 */
@Injectable()
export class AuditService implements OnModuleInit, WriteAuditSink {
  private readonly sanitize: AuditSanitizer;

  constructor(
    @InjectModel(ActivityLog.name) private readonly logs: Model<ActivityLog>,
    @InjectConnection() private readonly connection: Connection,
    private readonly config: AppConfig,
  ) {
    this.sanitize = createAuditSanitizer(config.retention.auditPiiFields);
  }

  onModuleInit(): void {
    writeAudit.attach(this.connection, this);
  }

  audits(collection: string): boolean {
    return !UNAUDITED_COLLECTIONS.has(collection);
  }

  /**
   * One record per written document, stamped with the request (or job, or CLI command) the write
   * ran in; the states are the write's own. Inserted before the write's caller resumes.
   */
  async recordWrites(writes: PersistedWrite[]): Promise<void> {
    const context = requestContext.get();
    const now = new Date();
    const rows: ActivityLogRow[] = [];
    for (const written of writes) {
      const changed = changedFields(written.before, written.after).filter((path) => !isOmittedPath(path));
      const bookkeeping = UNAUDITED_FIELDS[written.collection];
      // Sign-in bookkeeping (or hidden fields only, e.g. sessions): nothing a reader of the trail needs.
      if (written.operation === 'update' && bookkeeping && changed.every((path) => bookkeeping.includes(path.split('.')[0]))) continue;
      const id = written.id instanceof Types.ObjectId ? written.id : isHexId(written.id) ? new Types.ObjectId(String(written.id)) : null;
      rows.push({
        ...this.stamp(context, context?.userId),
        created_at: now,
        updated_at: now,
        action: actionOf(written),
        entity_type: ENTITY_TYPES[written.model] ?? written.collection,
        entity_id: id,
        before: this.sanitize(written.before),
        after: this.sanitize(written.after),
        changed_fields: changed,
        metadata: { ...(id ? {} : { id: String(written.id) }), ...(context?.job ? { job: context.job } : {}) },
      });
    }
    // Raw inserts: the rows are built complete here, so no document construction or validation per record.
    if (rows.length) await this.logs.collection.insertMany(rows);
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
      ...this.stamp(context, actorId),
      action: record.action,
      entity_type: record.entity_type,
      entity_id: toObjectId(record.entity_id, 'entity_id'),
      before: this.sanitize(record.before),
      after: this.sanitize(record.after),
      changed_fields: changedFields(record.before, record.after).filter((path) => !isOmittedPath(path)),
      metadata: { ...this.sanitize(record.metadata), ...(context?.job ? { job: context.job } : {}) },
    });
  }

  /** Who, from where, in which request: the user when one is signed in, else the job or command. */
  private stamp(context: RequestContext | undefined, actorId: string | null | undefined) {
    const userId = toObjectId(actorId, 'actor_id');
    return {
      user_id: userId,
      actor: userId ? `user:${userId.toHexString()}` : (context?.actor ?? null),
      ip: context?.ip ?? null,
      user_agent: context?.userAgent?.slice(0, MAX_USER_AGENT_LENGTH) ?? null,
      request_id: context?.requestId ?? null,
    };
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

function actionOf(written: PersistedWrite): AuditAction {
  if (written.operation === 'insert') return AuditAction.Create;
  if (written.operation === 'delete') return AuditAction.Delete;
  // Soft delete and restore are updates of deleted_at.
  const wasDeleted = written.before?.deleted_at != null;
  const isDeleted = written.after?.deleted_at != null;
  if (!wasDeleted && isDeleted) return AuditAction.Delete;
  if (wasDeleted && !isDeleted) return AuditAction.Restore;
  return AuditAction.Update;
}

function isHexId(value: unknown): boolean {
  return typeof value === 'string' && /^[0-9a-fA-F]{24}$/.test(value);
}

function toObjectId(value: string | null | undefined, field: string): Types.ObjectId | null {
  if (value === null || value === undefined) return null;
  if (!isValidObjectId(value) || !/^[0-9a-fA-F]{24}$/.test(String(value))) {
    throw new Error(`Audit record ${field} must be a 24-character hex ObjectId, got ${JSON.stringify(value)}`);
  }
  return new Types.ObjectId(String(value));
}
