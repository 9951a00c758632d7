import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { AccessPolicy, AuthUser, Permission } from '@app/auth';
import { conflict, DomainEvent, DomainEvents, fieldError, findPage, ListQueryDto, notFound, PageResponse } from '@app/common';
import { Conversation, conversationFilter, conversationScope, GENERAL_CONVERSATION } from './conversation';
import { CreateMessageDto } from './dto/create-message.dto';
import { MESSAGE_LIST_SPEC, MessageQueryDto, PINNED_SPEC, THREAD_SPEC } from './dto/message-query.dto';
import { UpdateMessageDto } from './dto/update-message.dto';
import { MentionsService } from './mentions.service';
import { Message, MESSAGE_MODEL } from './message.schema';
import { MessageView, presentMessage } from './message-view';

export interface Thread {
  root: MessageView;
  replies: MessageView[];
  total_replies: number;
  next_cursor: string | null;
}

/** A message checked and ready to write (see `draft`). */
export interface MessageDraft {
  _id: Types.ObjectId;
  conversation: Conversation;
  sender_id: Types.ObjectId;
  content: string;
  /** The thread root it replies to. */
  root_id: Types.ObjectId | null;
  mention_ids: Types.ObjectId[];
}

type ListQuery = ListQueryDto & Record<string, unknown>;

@Injectable()
export class MessagesService {
  constructor(
    @InjectModel(MESSAGE_MODEL) private readonly messages: Model<Message>,
    private readonly access: AccessPolicy,
    private readonly mentions: MentionsService,
    private readonly events: EventEmitter2,
    private readonly domainEvents: DomainEvents,
  ) {}

  /** A project's conversation, if `user` can see the project (404 otherwise). */
  async projectConversation(projectId: string, user: AuthUser): Promise<Conversation> {
    return { kind: 'project', project: await this.access.requireAccess(user, Permission.ProjectRead, projectId) };
  }

  generalChannel(): Conversation {
    return GENERAL_CONVERSATION;
  }

  async post(conversation: Conversation, user: AuthUser, dto: CreateMessageDto): Promise<MessageView> {
    const draft = await this.draft(conversation, user, dto);
    const createdAt = await this.insert(draft, user);
    return this.announce(draft, createdAt);
  }

  /**
   * Everything that can refuse a message (the reply target, mentions), read before any write. The
   * id is chosen here so files can be recorded against the message before it is written.
   */
  async draft(conversation: Conversation, user: AuthUser, dto: CreateMessageDto): Promise<MessageDraft> {
    const root = dto.reply_to_id ? await this.threadRootFor(conversation, dto.reply_to_id) : null;
    const mentionIds = await this.mentions.resolve(dto.content, conversation);
    return {
      _id: new Types.ObjectId(),
      conversation,
      sender_id: new Types.ObjectId(user.id),
      content: dto.content,
      root_id: root?._id ?? null,
      mention_ids: mentionIds,
    };
  }

  /** Writes the drafted message: the one write that makes it visible (with its events, mentions told). Returns its created_at. */
  async insert(draft: MessageDraft, user: AuthUser): Promise<Date> {
    const fields = {
      _id: draft._id,
      ...conversationFilter(draft.conversation),
      sender_id: draft.sender_id,
      content: draft.content,
      reply_to_id: draft.root_id,
      mention_ids: draft.mention_ids,
    };
    const posted = {
      name: DomainEvent.MessagePosted,
      payload: { entity_id: draft._id.toHexString(), actor_id: user.id, changes: fields, scope: conversationScope(draft.conversation) },
      confirm: { collection: 'messages', filter: { _id: draft._id } },
    } as const;
    const mentions = await this.mentions.mentionEntries(draft, draft.mention_ids, user, draft.conversation);
    const created = await this.domainEvents.record([posted, ...mentions], () => this.messages.create(fields));
    return created.created_at;
  }

  /** After the write: the thread root counts the reply. */
  async announce(draft: MessageDraft, createdAt: Date): Promise<MessageView> {
    if (draft.root_id) await this.messages.updateOne({ _id: draft.root_id }, { $inc: { reply_count: 1 }, $max: { last_reply_at: createdAt } });
    return this.view(draft._id);
  }

  /** Thread roots, newest first; a deleted root stays listed while it has replies. */
  async list(conversation: Conversation, query: MessageQueryDto): Promise<PageResponse<MessageView>> {
    const page = await findPage(this.messages, query as ListQuery, MESSAGE_LIST_SPEC, {
      ...conversationFilter(conversation),
      reply_to_id: null,
      $or: [{ deleted_at: null }, { reply_count: { $gt: 0 } }],
    });
    return { ...page, data: page.data.map((row) => presentMessage(row as unknown as Message)) };
  }

  async pinned(conversation: Conversation, query: ListQueryDto): Promise<PageResponse<MessageView>> {
    const page = await findPage(this.messages, query as ListQuery, PINNED_SPEC, { ...conversationFilter(conversation), is_pinned: true, deleted_at: null });
    return { ...page, data: page.data.map((row) => presentMessage(row as unknown as Message)) };
  }

  async findVisible(id: string, user: AuthUser): Promise<MessageView> {
    return presentMessage((await this.findAccessible(id, user)).message);
  }

  /** The root (of the given message's thread) and its replies, oldest first. */
  async thread(id: string, user: AuthUser, query: ListQueryDto): Promise<Thread> {
    const { message } = await this.findAccessible(id, user);
    const root = message.reply_to_id ? await this.messages.findById(message.reply_to_id).lean<Message>() : message;
    if (!root) throw notFound('Message');
    const page = await findPage(this.messages, query as ListQuery, THREAD_SPEC, { reply_to_id: root._id });
    return {
      root: presentMessage(root),
      replies: page.data.map((row) => presentMessage(row as unknown as Message)),
      total_replies: page.total,
      next_cursor: page.next_cursor,
    };
  }

  /** Sender only. Mentions are parsed again; only people not mentioned before are notified. */
  async edit(id: string, user: AuthUser, dto: UpdateMessageDto): Promise<MessageView> {
    const { message, conversation } = await this.findAccessible(id, user);
    await this.access.requireRowAccess(user, Permission.MessageUpdate, message);
    if (message.deleted_at) throw conflict('a deleted message cannot be edited');
    const mentionIds = await this.mentions.resolve(dto.content, conversation);
    const before = new Set(message.mention_ids.map(String));
    const newlyMentioned = mentionIds.filter((mentioned) => !before.has(String(mentioned)));
    const mentions = await this.mentions.mentionEntries({ _id: message._id, content: dto.content }, newlyMentioned, user, conversation);
    const updated = await this.domainEvents.record(
      mentions,
      () => this.messages.updateOne({ _id: message._id, deleted_at: null }, { $set: { content: dto.content, mention_ids: mentionIds, edited_at: new Date() } }),
      (outcome) => outcome.matchedCount > 0,
    );
    if (updated.matchedCount === 0) throw conflict('a deleted message cannot be edited');
    return this.view(message._id);
  }

  /** Soft delete (sender, managers, admins): the message keeps its place in its thread. Idempotent. */
  async remove(id: string, user: AuthUser): Promise<void> {
    const { message } = await this.findAccessible(id, user);
    await this.access.requireRowAccess(user, Permission.MessageDelete, message);
    await this.messages.updateOne(
      { _id: message._id, deleted_at: null },
      { $set: { deleted_at: new Date(), deleted_by: new Types.ObjectId(user.id), is_pinned: false, pinned_at: null, pinned_by: null } },
    );
  }

  async pin(id: string, user: AuthUser): Promise<MessageView> {
    const { message } = await this.findAccessible(id, user);
    await this.assertPinnable(message, user);
    if (!message.is_pinned) {
      await this.messages.updateOne({ _id: message._id, deleted_at: null }, { $set: { is_pinned: true, pinned_at: new Date(), pinned_by: new Types.ObjectId(user.id) } });
    }
    return this.view(message._id);
  }

  async unpin(id: string, user: AuthUser): Promise<MessageView> {
    const { message } = await this.findAccessible(id, user);
    await this.assertPinnable(message, user);
    if (message.is_pinned) {
      await this.messages.updateOne({ _id: message._id }, { $set: { is_pinned: false, pinned_at: null, pinned_by: null } });
    }
    return this.view(message._id);
  }

  /** The message and its conversation if `user` may read it; 404 otherwise (existence is not disclosed). */
  async findAccessible(id: string, user: AuthUser): Promise<{ message: Message; conversation: Conversation }> {
    const message = await this.messages.findById(id).lean<Message>();
    if (!message) throw notFound('Message');
    if (!message.project_id) return { message, conversation: GENERAL_CONVERSATION };
    const project = await this.access.requireAccess(user, Permission.ProjectRead, message.project_id).catch(() => null);
    if (!project) throw notFound('Message');
    return { message, conversation: { kind: 'project', project } };
  }

  private async assertPinnable(message: Message, user: AuthUser): Promise<void> {
    await this.access.requireRowAccess(user, Permission.MessagePin, message);
    if (message.deleted_at) throw conflict('a deleted message cannot be pinned');
  }

  /** Threads are one level deep: replying to a reply joins its root's thread. */
  private async threadRootFor(conversation: Conversation, replyToId: string): Promise<Message> {
    const parent = await this.messages.findOne({ _id: replyToId, ...conversationFilter(conversation) }).lean<Message>();
    if (!parent) throw fieldError('reply_to_id', 'must reference a message in the same conversation');
    if (!parent.reply_to_id) return parent;
    const root = await this.messages.findById(parent.reply_to_id).lean<Message>();
    if (!root) throw fieldError('reply_to_id', 'must reference a message in the same conversation');
    return root;
  }

  private async view(id: Types.ObjectId): Promise<MessageView> {
    const message = await this.messages.findById(id).lean<Message>();
    if (!message) throw notFound('Message');
    return presentMessage(message);
  }
}
