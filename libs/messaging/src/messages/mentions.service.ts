import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import { AccessPolicy, AuthUser, Permission, Role, UserDirectory } from '@app/auth';
import { DomainEvent, OutboxEntry } from '@app/common';
import { Conversation, conversationName, conversationScope } from './conversation';
import { excerpt, matchMentions, parseMentions } from './mentions';

interface MentionCandidate {
  _id: Types.ObjectId;
  email: string;
  role: Role;
}

/** Turns `@mentions` into user ids and tells each mentioned person. */
@Injectable()
export class MentionsService {
  constructor(
    private readonly people: UserDirectory,
    private readonly access: AccessPolicy,
  ) {}

  /**
   * Active users the content mentions who can read the conversation (for a project: its
   * manager, team, managers and admins). Ambiguity is judged across all active users, so what
   * `@ana` means never depends on the conversation.
   */
  async resolve(content: string, conversation: Conversation): Promise<Types.ObjectId[]> {
    const parsed = parseMentions(content);
    if (parsed.emails.length + parsed.localParts.length === 0) return [];
    const candidates: MentionCandidate[] = await this.people.findActiveByEmail(parsed.emails, parsed.localParts);
    const byId = new Map(candidates.map((candidate) => [candidate._id.toHexString(), candidate]));
    const ids = matchMentions(parsed, candidates.map((candidate) => ({ id: candidate._id.toHexString(), email: candidate.email })));
    const readable = await Promise.all(ids.map((id) => this.canRead(conversation, byId.get(id) as MentionCandidate)));
    return ids.filter((_, index) => readable[index]).map((id) => new Types.ObjectId(id));
  }

  /**
   * One `mention.created` event per person (never the sender), so each is a separate notification;
   * recorded by the caller with the message write that mentions them.
   */
  async mentionEntries(
    message: { _id: Types.ObjectId; content: string },
    recipientIds: Types.ObjectId[],
    sender: AuthUser,
    conversation: Conversation,
  ): Promise<OutboxEntry[]> {
    const recipients = recipientIds.map(String).filter((id) => id !== sender.id);
    if (recipients.length === 0) return [];
    const data = {
      sender_name: await this.people.nameOf(sender.id, sender.email),
      excerpt: excerpt(message.content),
      project_name: conversationName(conversation),
    };
    return recipients.map((recipient) => ({
      name: DomainEvent.MessageMentioned,
      // A person is told once that a message mentions them (editing it keeps the mention).
      key: `mention.created:${String(message._id)}:${recipient}`,
      payload: { recipient_ids: [recipient], actor_id: sender.id, entity_type: 'message', entity_id: String(message._id), data },
      scope: conversationScope(conversation),
      confirm: { collection: 'messages', filter: { _id: message._id, mention_ids: new Types.ObjectId(recipient) } },
    }));
  }

  private async canRead(conversation: Conversation, user: MentionCandidate): Promise<boolean> {
    if (conversation.kind === 'channel') return true;
    return this.access.allows({ id: user._id.toHexString(), role: user.role, department: null }, Permission.ProjectRead, conversation.project);
  }
}
