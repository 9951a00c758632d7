import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectModel } from '@nestjs/mongoose';
import type { FastifyRequest } from 'fastify';
import { Model, Types } from 'mongoose';
import type { Readable } from 'stream';
import { AUDIT_RECORD_EVENT, AuditAction, AuditRecord } from '@app/audit';
import { AuthUser } from '@app/auth';
import { AppConfig } from '@app/config';
import { badRequest, conflict, forbidden, notFound } from '@app/common';
import { BlobNotFoundError, FILE_STORAGE, FileStorage, receiveFile, sanitizeFileName, StoredBlob, UploadInspector } from '@app/files';
import { isSender } from '../messages/conversation';
import { MESSAGE_MODEL, Message } from '../messages/message.schema';
import { MessagesService } from '../messages/messages.service';
import { detectedTypeOf } from './detected-type';
import { ATTACHMENT_MODEL, MAX_ATTACHMENTS_PER_MESSAGE, MessageAttachment } from './message-attachment.schema';
import { checkSignedLink, signedDownloadLink } from './signed-url';

export type AttachmentRecord = { [K in keyof MessageAttachment]: MessageAttachment[K] };
export type AttachmentWithLink = AttachmentRecord & { download_url: string; url_expires_at: Date };

@Injectable()
export class AttachmentsService {
  private readonly logger = new Logger(AttachmentsService.name);

  constructor(
    @InjectModel(ATTACHMENT_MODEL) private readonly attachments: Model<MessageAttachment>,
    @InjectModel(MESSAGE_MODEL) private readonly messageModel: Model<Message>,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    private readonly messages: MessagesService,
    private readonly events: EventEmitter2,
    private readonly config: AppConfig,
  ) {}

  /** Sender only. The size limit depends on the type detected from the first bytes (413 above it). */
  async upload(messageId: string, user: AuthUser, request: FastifyRequest): Promise<AttachmentWithLink> {
    const { message } = await this.messages.findAccessible(messageId, user);
    if (!isSender(message, user)) throw forbidden('only the sender may attach files to a message');
    if (message.deleted_at) throw conflict('files cannot be attached to a deleted message');
    if ((await this.attachments.countDocuments({ message_id: message._id })) >= MAX_ATTACHMENTS_PER_MESSAGE) {
      throw conflict(`a message holds at most ${MAX_ATTACHMENTS_PER_MESSAGE} attachments`);
    }
    const limits = this.config.files.attachmentMaxBytes;
    const inspector = new UploadInspector((mime) => {
      const type = detectedTypeOf(mime);
      return { bytes: limits[type], label: `${type} attachments` };
    });
    const upload = await receiveFile<StoredBlob>(request, {
      fileField: 'file',
      fields: [],
      maxFileBytes: Math.max(...Object.values(limits)),
      store: (part) => this.storage.put(inspector.inspect(part.file)),
      discard: (blob) => this.storage.delete(blob.key),
    });
    const blob = upload.stored;
    let created: { _id: Types.ObjectId };
    try {
      if (blob.size === 0) throw badRequest('file is empty', [{ field: 'file', message: 'must not be empty' }]);
      created = await this.attachments.create({
        message_id: message._id,
        uploaded_by: new Types.ObjectId(user.id),
        name: sanitizeFileName(upload.fileName),
        mime_type: inspector.mimeType,
        detected_type: detectedTypeOf(inspector.mimeType),
        size: blob.size,
        sha256: blob.sha256,
        storage_key: blob.key,
      });
    } catch (error) {
      await this.storage.delete(blob.key);
      throw error;
    }
    const attachment = await this.attachments.findById(created._id).lean<AttachmentRecord>();
    if (!attachment) throw notFound('Attachment');
    return this.withLink(attachment);
  }

  /** The message's attachments, each with a fresh signed link; none once the message is deleted. */
  async list(messageId: string, user: AuthUser): Promise<AttachmentWithLink[]> {
    const { message } = await this.messages.findAccessible(messageId, user);
    if (message.deleted_at) return [];
    const rows = await this.attachments.find({ message_id: message._id }).sort({ created_at: 1, _id: 1 }).lean<AttachmentRecord[]>();
    return rows.map((row) => this.withLink(row));
  }

  /** No token: the signed link is the permission. Forged or expired → 403; a deleted message's files → 404. */
  async download(id: string, expires: number, signature: string): Promise<{ attachment: AttachmentRecord; content: Readable }> {
    const check = checkSignedLink(id, expires, signature, this.config.security.signedUrlSecret);
    if (check === 'invalid') throw forbidden('the download link is not valid; list the message attachments for a fresh link');
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
