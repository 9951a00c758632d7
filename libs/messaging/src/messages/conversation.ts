import type { Types } from 'mongoose';
import type { ProjectAccessView } from '@app/projects';
import { GENERAL_CHANNEL } from './message.schema';

/** Where a message lives: a project's conversation, or the company-wide general channel. */
export type Conversation = { kind: 'project'; project: ProjectAccessView } | { kind: 'channel'; channel: typeof GENERAL_CHANNEL };

export const GENERAL_CONVERSATION: Conversation = { kind: 'channel', channel: GENERAL_CHANNEL };

/** The filter selecting a conversation's messages. */
export function conversationFilter(conversation: Conversation): { project_id: Types.ObjectId | null; channel: string | null } {
  return conversation.kind === 'project' ? { project_id: conversation.project._id, channel: null } : { project_id: null, channel: conversation.channel };
}

/** The ids the live stream checks its readers against (libs/events): the project, or the channel. */
export function conversationScope(conversation: Conversation): { project_id?: string; conversation_id: string } {
  return conversation.kind === 'project'
    ? { project_id: conversation.project._id.toHexString(), conversation_id: `project:${conversation.project._id.toHexString()}` }
    : { conversation_id: `channel:${conversation.channel}` };
}

/** What notifications call the conversation (`project_name` placeholder). */
export function conversationName(conversation: Conversation): string {
  return conversation.kind === 'project' ? conversation.project.name : `#${conversation.channel}`;
}
