import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectModel } from '@nestjs/mongoose';
import type { FastifyRequest } from 'fastify';
import { Model, Types } from 'mongoose';
import type { Readable } from 'stream';
import { AUDIT_RECORD_EVENT, AuditAction, AuditRecord } from '@app/audit';
import { AccessPolicy, AuthUser, Permission } from '@app/auth';
import { AppConfig } from '@app/config';
import { badRequest, conflict, forbidden, notFound } from '@app/common';
import { EntityLocks } from '@app/database';
import { BlobNotFoundError, FILE_STORAGE, FileStorage, receiveFiles, sanitizeFileName, StoredBlob, UploadInspector } from '@app/files';
import { MESSAGE_MODEL, Message } from '../messages/message.schema';
import { MessagesService } from '../messages/messages.service';
import { detectedTypeOf } from './detected-type';
import { ATTACHMENT_MODEL, MAX_ATTACHMENTS_PER_MESSAGE, MessageAttachment } from './message-attachment.schema';
import { checkSignedLink, signedDownloadLink } from './signed-url';

const ORPHAN_GRACE_MS = 3600_000;

export type AttachmentRecord = { [K in keyof MessageAttachment]: MessageAttachment[K] };
export type AttachmentWithLink = AttachmentRecord & { download_url: string; url_expires_at: Date };

/** A file streamed to storage and checked, not yet recorded against a message. */
export interface StagedAttachment {
  blob: StoredBlob;
  /** Detected from the content. */
  mime_type: string;
  /** The client's file name, sanitised. */
  name: string;
}

@Injectable()
export class AttachmentsService {
  private readonly logger = new Logger(AttachmentsService.name);

  constructor(
    @InjectModel(ATTACHMENT_MODEL) private readonly attachments: Model<MessageAttachment>,
    @InjectModel(MESSAGE_MODEL) private readonly messageModel: Model<Message>,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    private readonly messages: MessagesService,
    private readonly access: AccessPolicy,
    private readonly events: EventEmitter2,
    private readonly config: AppConfig,
    private readonly locks: EntityLocks,
  ) {}

  /**
   * A multipart post writes attachment records before their message; a crash in between leaves
   * records no one can reach, which keep their blobs alive. Deletes such records once older than
   * an hour (a post in progress is never that slow); the storage sweep then removes the blobs.
   */
  async purgeOrphans(now: Date = new Date()): Promise<number> {
    const candidates = await this.attachments
      .find({ created_at: { $lt: new Date(now.getTime() - ORPHAN_GRACE_MS) } }, { message_id: 1 })
      .lean<{ _id: Types.ObjectId; message_id: Types.ObjectId }[]>();
    if (candidates.length === 0) return 0;
    const messageIds = [...new Set(candidates.map((row) => row.message_id.toHexString()))].map((id) => new Types.ObjectId(id));
    const existing = await this.messageModel.find({ _id: { $in: messageIds } }, { _id: 1 }).setOptions({ withDeleted: true }).lean<{ _id: Types.ObjectId }[]>();
    const alive = new Set(existing.map((row) => row._id.toHexString()));
    const orphans = candidates.filter((row) => !alive.has(row.message_id.toHexString())).map((row) => row._id);
    if (orphans.length === 0) return 0;
    const { deletedCount } = await this.attachments.deleteMany({ _id: { $in: orphans } });
    return deletedCount;
  }

  /** Sender only. The size limit depends on the type detected from the first bytes (413 above it). */
  async upload(messageId: string, user: AuthUser, request: FastifyRequest): Promise<AttachmentWithLink> {
    const { message } = await this.messages.findAccessible(messageId, user);
    await this.access.requireRowAccess(user, Permission.MessageAttach, message);
    if (message.deleted_at) throw conflict('files cannot be attached to a deleted message');
    await this.assertRoomForAttachment(message._id);
    const { files } = await this.receive(request, { fields: [], minFiles: 1, maxFiles: 1 });
    // Counted again under the message's lock: uploads racing past the first check cannot all be recorded.
    const [attachment] = await this.locks
      .withLock(
        `message-attachments:${message._id.toHexString()}`,
        async () => {
          await this.assertRoomForAttachment(message._id);
          return this.record(message._id, user, files);
        },
        { busy: () => conflict('Another attachment is still being added to this message; retry in a moment', [{ field: 'file', message: 'message busy' }]) },
      )
      .catch(async (error: unknown) => {
        await this.discard(files); // idempotent: `record` already discarded them if it failed itself
        throw error;
      });
    return this.withLink(attachment);
  }

  private async assertRoomForAttachment(messageId: Types.ObjectId): Promise<void> {
    if ((await this.attachments.countDocuments({ message_id: messageId })) >= MAX_ATTACHMENTS_PER_MESSAGE) {
      throw conflict(`a message holds at most ${MAX_ATTACHMENTS_PER_MESSAGE} attachments`, [{ field: 'file', message: `at most ${MAX_ATTACHMENTS_PER_MESSAGE} per message` }]);
    }
  }

  /**
   * Streams each `file` part of a multipart request to storage, applying the limit of its detected
   * type (413 above it), and returns them with the accepted text fields. On any failure (a file
   * too large or empty, a stray part) every blob stored so far is deleted before the error.
   */
  async receive(request: FastifyRequest, options: { fields: string[]; minFiles: number; maxFiles: number }): Promise<{ files: StagedAttachment[]; fields: Record<string, string[]> }> {
    const limits = this.config.files.attachmentMaxBytes;
    const received = await receiveFiles<Omit<StagedAttachment, 'name'>>(request, {
      ...options,
      fileField: 'file',
      maxFileBytes: Math.max(...Object.values(limits)),
      store: async (part) => {
        const inspector = new UploadInspector((mime) => {
          const type = detectedTypeOf(mime);
          return { bytes: limits[type], label: `${type} attachments` };
        });
        const blob = await this.storage.put(inspector.inspect(part.file));
        return { blob, mime_type: inspector.mimeType };
      },
      discard: (stored) => this.storage.delete(stored.blob.key),
    });
    const files = received.files.map(({ stored, fileName }) => ({ ...stored, name: sanitizeFileName(fileName) }));
    if (files.some((file) => file.blob.size === 0)) {
      await this.discard(files);
      throw badRequest('file is empty', [{ field: 'file', message: 'must not be empty' }]);
    }
    return { files, fields: received.fields };
  }

  /** Records staged files against a message (which may not be written yet); on failure nothing is kept, blobs included. */
  async record(messageId: Types.ObjectId, user: AuthUser, files: StagedAttachment[]): Promise<AttachmentRecord[]> {
    try {
      const created = await this.attachments.insertMany(
        files.map((file) => ({
          message_id: messageId,
          uploaded_by: new Types.ObjectId(user.id),
          name: file.name,
          mime_type: file.mime_type,
          detected_type: detectedTypeOf(file.mime_type),
          size: file.blob.size,
          sha256: file.blob.sha256,
          storage_key: file.blob.key,
        })),
      );
      return created.map((document) => document.toObject<AttachmentRecord>());
    } catch (error) {
      await this.attachments.deleteMany({ storage_key: { $in: files.map((file) => file.blob.key) } });
      await this.discard(files);
      throw error;
    }
  }

  /** Undoes `record`: the records, then their blobs (a crash in between leaves only blobs, which the storage sweep removes). */
  async unrecord(records: AttachmentRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.attachments.deleteMany({ _id: { $in: records.map((record) => record._id) } });
    for (const record of records) await this.storage.delete(record.storage_key);
  }

  withLinks(records: AttachmentRecord[]): AttachmentWithLink[] {
    return records.map((record) => this.withLink(record));
  }

  /** Deletes the blobs of staged files that will not be recorded. */
  async discard(files: StagedAttachment[]): Promise<void> {
    for (const file of files) await this.storage.delete(file.blob.key);
  }

  /** The message's attachments, each with a fresh signed link; none once the message is deleted. */
  async list(messageId: string, user: AuthUser): Promise<AttachmentWithLink[]> {
    const { message } = await this.messages.findAccessible(messageId, user);
    if (message.deleted_at) return [];
    const rows = await this.attachments.find({ message_id: message._id }).sort({ created_at: 1, _id: 1 }).lean<AttachmentRecord[]>();
    return rows.map((row) => this.withLink(row));
  }

  /** No token: the signed link is the permission. Forged, expired or beyond the TTL → 403; a deleted message's files → 404. */
  async download(id: string, expires: number, signature: string): Promise<{ attachment: AttachmentRecord; content: Readable }> {
    const { signedUrlSecret, signedUrlTtlSeconds } = this.config.security;
    const check = checkSignedLink(id, expires, signature, { secret: signedUrlSecret, ttlSeconds: signedUrlTtlSeconds });
    if (check === 'invalid') throw forbidden('the download link is not valid; list the message attachments for a fresh link');
    if (check === 'beyond_ttl') throw forbidden(`the download link expires later than any link this server issues (at most ${signedUrlTtlSeconds} s ahead); list the message attachments for a fresh link`);
    if (check === 'expired') throw forbidden(`the download link expired at ${new Date(expires * 1000).toISOString()}; list the message attachments for a fresh link`);
    const attachment = await this.attachments.findById(id).lean<AttachmentRecord>();
    if (!attachment) throw notFound('Attachment');
    const message = await this.messageModel.findById(attachment.message_id, { deleted_at: 1 }).lean<Pick<Message, 'deleted_at'>>();
    if (!message || message.deleted_at) throw notFound('Attachment');
    let content: Readable;
    try {
      content = await this.storage.get(attachment.storage_key);
    } catch (error) {
      if (!(error instanceof BlobNotFoundError)) throw error;
      this.logger.error(`attachment ${id} has no blob at ${attachment.storage_key}`);
      throw notFound('Attachment content');
    }
    try {
      const record: AuditRecord = { action: AuditAction.Read, entity_type: 'message_attachment', entity_id: id, metadata: { via: 'signed_url' } };
      await this.events.emitAsync(AUDIT_RECORD_EVENT, record);
    } catch (error) {
      content.destroy();
      throw error;
    }
    return { attachment, content };
  }

  private withLink(attachment: AttachmentRecord): AttachmentWithLink {
    const { signedUrlSecret, signedUrlTtlSeconds } = this.config.security;
    const link = signedDownloadLink(String(attachment._id), signedUrlSecret, signedUrlTtlSeconds);
    return { ...attachment, download_url: link.url, url_expires_at: link.expires_at };
  }
}
