import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AuthUser } from '@app/auth';
import { createValidationPipe, RejectOperatorKeysPipe } from '@app/common';
import { AttachmentsService, AttachmentWithLink } from '../attachments/attachments.service';
import { MAX_ATTACHMENTS_PER_MESSAGE } from '../attachments/message-attachment.schema';
import { Conversation } from './conversation';
import { CreateMessageDto } from './dto/create-message.dto';
import { MESSAGE_FORM_FIELDS, messageFormBody } from './dto/post-message.body';
import { MessageView } from './message-view';
import { MessageDraft, MessagesService } from './messages.service';

export type PostedMessage = MessageView & { attachments?: AttachmentWithLink[] };

const BODY = { type: 'body', metatype: CreateMessageDto } as const;

/**
 * Posting a message, as JSON (text only) or as multipart/form-data (the same fields plus `file`
 * parts, uploaded with the message in one request).
 */
@Injectable()
export class MessagePostingService {
  // The route reads the body itself (it may be multipart), so it applies the global pipes itself.
  private readonly operatorKeys = new RejectOperatorKeysPipe();
  private readonly validation = createValidationPipe();

  constructor(
    private readonly messages: MessagesService,
    private readonly attachments: AttachmentsService,
  ) {}

  async post(request: FastifyRequest, user: AuthUser, conversationOf: () => Promise<Conversation>): Promise<PostedMessage> {
    if (!request.isMultipart()) {
      // As with a @Body() DTO: the body is validated before the conversation is looked up.
      const dto = await this.validate(request.body);
      return this.messages.post(await conversationOf(), user, dto);
    }
    // Someone who cannot see the conversation never gets to store a byte.
    return this.postWithFiles(request, user, await conversationOf());
  }

  /**
   * Without transactions the writes are ordered so that a failure leaves nothing behind: the files
   * are streamed to storage and every check runs first (an over-limit file is a 413, a bad field a
   * 400; the blobs are deleted); then the attachment records are written against the message's
   * pre-chosen id, and the message itself last. Until that write the attachments are unreachable
   * (every read goes through the message), so a failed message write removes them and their
   * blobs, and nobody has been notified yet. (Only a crash between the two writes could leave
   * unreachable attachment records behind; never a message missing its files.)
   */
  private async postWithFiles(request: FastifyRequest, user: AuthUser, conversation: Conversation): Promise<PostedMessage> {
    const { files, fields } = await this.attachments.receive(request, { fields: [...MESSAGE_FORM_FIELDS], minFiles: 0, maxFiles: MAX_ATTACHMENTS_PER_MESSAGE });
    let draft: MessageDraft;
    try {
      draft = await this.messages.draft(conversation, user, await this.validate(messageFormBody(fields)));
    } catch (error) {
      await this.attachments.discard(files);
      throw error;
    }
    const records = await this.attachments.record(draft._id, user, files);
    let createdAt: Date;
    try {
      createdAt = await this.messages.insert(draft, user);
    } catch (error) {
      await this.attachments.unrecord(records);
      throw error;
    }
    const message = await this.messages.announce(draft, createdAt);
    return { ...message, attachments: this.attachments.withLinks(records) };
  }

  private async validate(body: unknown): Promise<CreateMessageDto> {
    return this.validation.transform(this.operatorKeys.transform(body, BODY), BODY) as Promise<CreateMessageDto>;
  }
}
