import { Types } from 'mongoose';
import { sampleContent } from '../sample-content';
import type { SeedContext } from '../seed-context';
import type { SeedGenerator } from '../seed-generator';

const ATTACHMENTS = [
  { ext: 'png', mime: 'image/png', type: 'image' },
  { ext: 'jpg', mime: 'image/jpeg', type: 'image' },
  { ext: 'pdf', mime: 'application/pdf', type: 'document' },
  { ext: 'mp4', mime: 'video/mp4', type: 'video' },
  { ext: 'mp3', mime: 'audio/mpeg', type: 'audio' },
  { ext: 'zip', mime: 'application/zip', type: 'archive' },
  { ext: 'txt', mime: 'text/plain', type: 'other' },
];
/** Used when notification types were not seeded (the notifications lib renders real ones). */
const FALLBACK_TYPES = ['lead_assigned', 'task_assigned', 'mention', 'project_status_changed', 'upsell_paid', 'file_uploaded'];
const ENTITY_OF_TYPE: Record<string, string> = { lead: 'leads', task: 'tasks', goal: 'goals', mention: 'messages', message: 'messages', upsell: 'upsells', file: 'files', project: 'projects' };
const USER_AGENTS = ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0 Safari/537.36', 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'];

/** An existing seeded entity for a notification type key (`lead_assigned` → a lead). */
function entityFor(ctx: SeedContext, key: string): { entity_type: string; entity_id: Types.ObjectId; user_id?: Types.ObjectId } {
  const kind = Object.keys(ENTITY_OF_TYPE).find((k) => key.includes(k)) ?? 'project';
  const pools = ctx.memo('notificationEntityPools', (): Record<string, { _id: Types.ObjectId; owner?: Types.ObjectId }[]> => ({
    leads: ctx.refs.leads.map((lead) => ({ _id: lead._id, owner: lead.agent_id })),
    tasks: ctx.refs.tasks.map((task) => ({ _id: task._id, owner: task.owner_id })),
    goals: ctx.refs.goals,
    messages: ctx.refs.messages,
    upsells: ctx.refs.upsells.map((upsell) => ({ _id: upsell._id, owner: upsell.owner_id })),
    files: ctx.refs.files,
    projects: ctx.refs.projects.map((project) => ({ _id: project._id, owner: project.user_id })),
  }));
  const pool = pools[ENTITY_OF_TYPE[kind]]?.length ? pools[ENTITY_OF_TYPE[kind]] : pools.projects;
  const entity = ctx.pick(pool);
  const entityType = pool === pools.projects ? 'project' : ENTITY_OF_TYPE[kind] === 'messages' ? 'message' : kind;
  return { entity_type: entityType, entity_id: entity._id, user_id: entity.owner };
}

function fill(template: string, ctx: SeedContext): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_m, name: string) =>
    /name/.test(name) ? ctx.faker.person.fullName() : /status/.test(name) ? ctx.pick(['active', 'on_hold', 'completed']) : /amount/.test(name) ? String(ctx.money(100, 5000)) : ctx.faker.commerce.productName(),
  );
}

interface PlannedReply {
  root: Types.ObjectId;
  project_id: Types.ObjectId | null;
  members: Types.ObjectId[];
  created_at: Date;
}

/**
 * Threads are one level deep and roots carry their reply count, so a root plans its replies:
 * they take the next positions, each stamped before the root's last_reply_at is computed.
 */
export const messagesGenerator: SeedGenerator = {
  collection: 'messages',
  requires: ['projects', 'users'],
  build(ctx, i) {
    const { faker } = ctx;
    const queue = ctx.memo('plannedReplies', () => [] as PlannedReply[]);
    const userById = ctx.memo('userById', () => new Map(ctx.refs.users.map((user) => [String(user._id), user])));
    const everyone = ctx.memo('activeUserIds', () => ctx.refs.users.filter((user) => user.is_active).map((user) => user._id));
    const _id = ctx.id('messages', i);
    const planned = queue.shift();
    const project = planned ? null : ctx.chance(0.15) ? null : ctx.pick(ctx.refs.projects);
    const project_id = planned ? planned.project_id : (project?._id ?? null);
    const members = planned?.members ?? (project ? [project.user_id, ...project.team_member_ids] : everyone);
    const sender = ctx.pick(members);
    const created_at = planned?.created_at ?? ctx.daysAgo(project ? Math.max(1, Math.round((ctx.refDate.getTime() - project.start_date.getTime()) / 86400_000)) : 200);

    let reply_count = 0;
    let last_reply_at: Date | null = null;
    if (!planned) {
      const wanted = Number(ctx.weighted({ '0': 60, '1': 20, '2': 12, '3': 8 }));
      reply_count = Math.max(0, Math.min(wanted, ctx.count('messages') - i - 1 - queue.length));
      const replyTimes = Array.from({ length: reply_count }, () => ctx.between(created_at, ctx.refDate)).sort((a, b) => a.getTime() - b.getTime());
      for (const at of replyTimes) queue.push({ root: _id, project_id, members, created_at: at });
      last_reply_at = replyTimes.at(-1) ?? null;
    }
    const others = members.filter((member) => !member.equals(sender));
    const mention_ids = others.length > 0 && ctx.chance(0.2) ? [ctx.pick(others)] : [];
    const handles = mention_ids.map((id) => `@${userById.get(String(id))?.email.split('@')[0] ?? 'team'}`);
    const is_pinned = !planned && ctx.chance(0.03);
    const deleted = ctx.chance(0.02);
    ctx.refs.messages.push({ _id, project_id, owner_id: sender });
    return {
      _id,
      sender_id: sender,
      content: `${handles.map((handle) => `${handle} `).join('')}${faker.hacker.phrase()}`,
      project_id,
      channel: project_id ? null : 'general',
      reply_to_id: planned?.root ?? null,
      reply_count,
      last_reply_at,
      mention_ids,
      is_pinned,
      pinned_at: is_pinned ? ctx.between(created_at, ctx.refDate) : null,
      pinned_by: is_pinned ? sender : null,
      edited_at: ctx.chance(0.08) ? ctx.between(created_at, ctx.refDate) : null,
      deleted_at: deleted ? ctx.between(created_at, ctx.refDate) : null,
      deleted_by: deleted ? sender : null,
      created_at,
      updated_at: created_at,
    };
  },
};

export const messageAttachmentsGenerator: SeedGenerator = {
  collection: 'message_attachments',
  requires: ['messages'],
  build(ctx, i) {
    const message = ctx.pick(ctx.refs.messages);
    const kind = ctx.pick(ATTACHMENTS);
    const _id = ctx.id('message_attachments', i);
    const created_at = ctx.daysAgo(200);
    const name = ctx.faker.system.commonFileName(kind.ext).replace(/[^A-Za-z0-9._-]/g, '_');
    return ctx.withContent(sampleContent(kind.ext, `${name} (${_id.toHexString()})`), {
      _id,
      message_id: message._id,
      uploaded_by: message.owner_id,
      name,
      mime_type: kind.mime,
      detected_type: kind.type,
      created_at,
      updated_at: created_at,
    });
  },
};

export const notificationsGenerator: SeedGenerator = {
  collection: 'notifications',
  requires: ['users', 'projects'],
  build(ctx, i) {
    const types = ctx.refs.notificationTypes.length > 0 ? ctx.refs.notificationTypes : FALLBACK_TYPES.map((key) => ({ key, title_template: key.replace(/_/g, ' '), body_template: `${key.replace(/_/g, ' ')}: {{name}}` }));
    const type = ctx.pick(types);
    const entity = entityFor(ctx, type.key);
    const is_read = ctx.chance(0.55);
    const created_at = ctx.daysAgo(25);
    return {
      _id: ctx.id('notifications', i),
      user_id: entity.user_id ?? ctx.user('admin', 'manager', 'sales', 'support', 'tech')._id,
      type: type.key,
      title: fill(type.title_template, ctx).slice(0, 300),
      body: fill(type.body_template, ctx).slice(0, 4000),
      entity_type: entity.entity_type,
      entity_id: entity.entity_id,
      is_read,
      read_at: is_read ? ctx.between(created_at, ctx.refDate) : null,
      created_at,
      updated_at: created_at,
    };
  },
};

export const activityLogsGenerator: SeedGenerator = {
  collection: 'activity_logs',
  requires: ['users'],
  build(ctx, i) {
    const { faker } = ctx;
    const actor = ctx.user('admin', 'manager', 'sales', 'support', 'tech');
    const action = ctx.weighted({ create: 30, update: 45, delete: 5, login: 20 });
    const subject =
      action === 'login'
        ? { entity_type: 'user', entity_id: actor._id }
        : ctx.pick([
            ...(ctx.refs.leads.length ? [{ entity_type: 'lead', entity_id: ctx.pick(ctx.refs.leads)._id }] : []),
            ...(ctx.refs.projects.length ? [{ entity_type: 'project', entity_id: ctx.pick(ctx.refs.projects)._id }] : []),
            ...(ctx.refs.tasks.length ? [{ entity_type: 'task', entity_id: ctx.pick(ctx.refs.tasks)._id }] : []),
            { entity_type: 'user', entity_id: ctx.pick(ctx.refs.users)._id },
          ]);
    const changed = action === 'update' ? faker.helpers.arrayElements(['status', 'priority', 'due_date', 'name'], { min: 1, max: 2 }) : [];
    const created_at = ctx.daysAgo(180);
    return {
      _id: ctx.id('activity_logs', i),
      user_id: actor._id,
      action,
      ...subject,
      before: action === 'update' || action === 'delete' ? Object.fromEntries(changed.map((f) => [f, 'previous'])) : null,
      after: action === 'update' || action === 'create' ? Object.fromEntries(changed.map((f) => [f, 'current'])) : null,
      changed_fields: changed,
      ip: faker.internet.ipv4(),
      user_agent: ctx.pick(USER_AGENTS),
      request_id: faker.string.uuid(),
      metadata: {},
      created_at,
      updated_at: created_at,
    };
  },
};
