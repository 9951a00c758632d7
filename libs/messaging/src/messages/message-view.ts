import type { Message } from './message.schema';

/** A lean message as the API shows it: a deleted one keeps its place in the thread, not its content. */
export type MessageView = Omit<Message, 'content'> & { content: string | null; is_deleted: boolean };

export function presentMessage(message: Message): MessageView {
  const isDeleted = message.deleted_at != null;
  if (!isDeleted) return { ...message, is_deleted: false };
  return { ...message, content: null, mention_ids: [], is_pinned: false, is_deleted: true };
}
