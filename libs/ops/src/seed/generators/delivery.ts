import { sampleContent } from '../sample-content';
import type { ProjectEntityRef, ProjectRef, SeedContext } from '../seed-context';
import type { SeedGenerator } from '../seed-generator';

const PROJECT_KINDS = ['Website redesign', 'SEO retainer', 'E-commerce build', 'Brand refresh', 'Mobile app', 'CRM integration', 'Hosting migration', 'Ad campaign'];
const TASK_VERBS = ['Implement', 'Design', 'Review', 'Fix', 'Optimise', 'Test', 'Document', 'Deploy'];
const TASK_OBJECTS = ['checkout flow', 'landing page', 'contact form', 'sitemap', 'image pipeline', 'analytics tags', 'login page', 'product catalogue', 'search', 'footer'];
const FILE_TYPES = [
  { ext: 'pdf', mime: 'application/pdf' },
  { ext: 'png', mime: 'image/png' },
  { ext: 'jpg', mime: 'image/jpeg' },
  { ext: 'docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  { ext: 'xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  { ext: 'zip', mime: 'application/zip' },
];
const SERVICES: Record<string, string[]> = {
  web_development: ['Website build', 'Landing pages', 'Shop integration'],
  seo: ['SEO audit', 'Local SEO', 'Link building'],
  design: ['Logo design', 'UI kit', 'Brand guidelines'],
  hosting: ['Managed hosting', 'CDN', 'Backups'],
  maintenance: ['Care plan', 'Security updates'],
  marketing: ['Ads management', 'Newsletter'],
  consulting: ['Strategy workshop', 'Analytics review'],
  other: ['Copywriting'],
};
const INTERVAL_DAYS: Record<string, number> = { weekly: 7, monthly: 30, quarterly: 91, yearly: 365 };

function projectById(ctx: SeedContext): Map<string, ProjectRef> {
  return ctx.memo('projectById', () => new Map(ctx.refs.projects.map((project) => [String(project._id), project])));
}

/** A team member of the project with one of the roles, else any active user with it. */
function memberWithRole(ctx: SeedContext, project: ProjectRef, role: string) {
  const team = ctx.memo(`team:${role}`, () => new Set(ctx.refs.usersWithRole(role).map((user) => String(user._id))));
  const members = project.team_member_ids.filter((id) => team.has(String(id)));
  return members.length > 0 ? ctx.pick(members) : ctx.user(role)._id;
}

export const projectsGenerator: SeedGenerator = {
  collection: 'projects',
  requires: ['customers', 'users'],
  build(ctx, i) {
    const { faker } = ctx;
    const _id = ctx.id('projects', i);
    const customer = ctx.refs.customers[i % ctx.refs.customers.length];
    const manager = ctx.user('manager');
    const team = [...new Set([...Array.from({ length: faker.number.int({ min: 2, max: 4 }) }, () => ctx.user('tech')._id), ctx.user('support')._id])];
    const status = ctx.weighted({ planning: 15, active: 45, on_hold: 10, completed: 22, cancelled: 8 });
    const billing_type = ctx.weighted({ fixed: 50, hourly: 25, recurring: 25 });
    const currency = ctx.weighted({ USD: 80, EUR: 12, GBP: 8 });
    const start_date = ctx.between(customer.created_at, ctx.daysAgo(30));
    const budget = ctx.money(2000, 120000);
    const interval = ctx.pick(Object.keys(INTERVAL_DAYS));
    // About one recurring project in ten is due, so the billing job has work on a fresh seed.
    const next_billing_date = ctx.chance(0.1) ? ctx.daysAgo(5, 1) : ctx.daysAhead(1, INTERVAL_DAYS[interval]);
    const name = `${ctx.pick(PROJECT_KINDS)} for ${customer.name.split(' ')[0]}${i % 7 === 0 ? ` ${faker.date.month()}` : ''}`;
    ctx.refs.projects.push({ _id, customer_id: customer._id, user_id: manager._id, team_member_ids: team, currency, name, start_date });
    return {
      _id,
      name,
      description: faker.company.catchPhrase(),
      customer_id: customer._id,
      user_id: manager._id,
      team_member_ids: team,
      status,
      priority: ctx.weighted({ low: 20, medium: 50, high: 22, urgent: 8 }),
      start_date,
      end_date: ['planning', 'active', 'on_hold'].includes(status) && ctx.chance(0.7) ? ctx.daysAhead(14, 300) : null,
      budget,
      amount_paid: status === 'completed' ? budget : ctx.money(0, budget * 0.8),
      currency,
      billing_type,
      recurring_plan: billing_type === 'recurring' ? { interval, amount: ctx.money(99, 4000), next_billing_date, anchor_day: next_billing_date.getUTCDate() } : null,
      billing_history: [],
      created_at: start_date,
      updated_at: ctx.between(start_date, ctx.refDate),
    };
  },
};

export const goalsGenerator: SeedGenerator = {
  collection: 'goals',
  requires: ['projects', 'users'],
  build(ctx, i) {
    const project = ctx.refs.projects[i % ctx.refs.projects.length];
    const _id = ctx.id('goals', i);
    ctx.refs.goals.push({ _id, project_id: project._id });
    const filesOfProject = ctx.memo('filesByProject', () => {
      const byProject = new Map<string, ProjectEntityRef[]>();
      for (const file of ctx.refs.files) byProject.set(String(file.project_id), [...(byProject.get(String(file.project_id)) ?? []), file]);
      return byProject;
    });
    const files = filesOfProject.get(String(project._id)) ?? [];
    const status = ctx.weighted({ open: 25, in_progress: 45, achieved: 25, cancelled: 5 });
    const created_at = ctx.between(project.start_date, ctx.refDate);
    return {
      _id,
      project_id: project._id,
      title: `${ctx.pick(['Launch', 'Improve', 'Migrate', 'Grow', 'Complete'])} ${ctx.pick(TASK_OBJECTS)}`,
      description: ctx.faker.company.catchPhrase(),
      support_employee_id: memberWithRole(ctx, project, 'support'),
      status,
      due_date: ctx.daysAhead(7, 180),
      achieved_at: status === 'achieved' ? ctx.between(created_at, ctx.refDate) : null,
      file_ids: files.length > 0 ? ctx.faker.helpers.arrayElements(files, { min: 0, max: Math.min(2, files.length) }).map((file) => file._id) : [],
      created_by: project.user_id,
      created_at,
      updated_at: created_at,
    };
  },
};

export const tasksGenerator: SeedGenerator = {
  collection: 'tasks',
  requires: ['goals', 'users'],
  build(ctx, i) {
    const { faker } = ctx;
    const goal = ctx.pick(ctx.refs.goals);
    const project = projectById(ctx).get(String(goal.project_id))!;
    const tech = memberWithRole(ctx, project, 'tech');
    const status = ctx.weighted({ todo: 30, in_progress: 25, review: 10, done: 30, blocked: 5 });
    const created_at = ctx.between(project.start_date, ctx.daysAgo(3));
    const started_at = status === 'todo' ? null : ctx.between(created_at, ctx.refDate);
    const time_entries = started_at
      ? Array.from({ length: faker.number.int({ min: 1, max: 4 }) }, () => {
          const start = ctx.between(started_at, ctx.refDate);
          const minutes = faker.number.int({ min: 15, max: 240 });
          const ended_at = new Date(start.getTime() + minutes * 60_000);
          return { user_id: tech, started_at: start, ended_at, minutes, note: ctx.chance(0.3) ? faker.hacker.phrase().slice(0, 200) : null, source: ctx.pick(['timer', 'manual']), created_at: ended_at };
        })
      : [];
    const _id = ctx.id('tasks', i);
    ctx.refs.tasks.push({ _id, project_id: project._id, owner_id: tech });
    return {
      _id,
      project_id: project._id,
      goal_id: goal._id,
      tech_employee_id: tech,
      title: `${ctx.pick(TASK_VERBS)} ${ctx.pick(TASK_OBJECTS)}`,
      description: faker.hacker.phrase(),
      status,
      priority: ctx.weighted({ low: 25, medium: 45, high: 22, urgent: 8 }),
      estimate_minutes: faker.number.int({ min: 1, max: 24 }) * 60,
      time_entries,
      total_minutes: time_entries.reduce((sum, entry) => sum + entry.minutes, 0),
      due_date: ctx.daysAhead(1, 90),
      started_at,
      completed_at: status === 'done' ? ctx.between(started_at!, ctx.refDate) : null,
      created_by: project.user_id,
      created_at,
      updated_at: started_at ?? created_at,
    };
  },
};

export const projectServicesGenerator: SeedGenerator = {
  collection: 'project_services',
  requires: ['projects'],
  build(ctx, i) {
    const project = ctx.refs.projects[i % ctx.refs.projects.length];
    const category = ctx.weighted({ web_development: 25, seo: 18, design: 14, hosting: 14, maintenance: 12, marketing: 9, consulting: 6, other: 2 });
    const created_at = ctx.between(project.start_date, ctx.refDate);
    return {
      _id: ctx.id('project_services', i),
      project_id: project._id,
      name: ctx.pick(SERVICES[category]),
      category,
      price: ctx.money(50, 15000),
      billing_cycle: ctx.weighted({ one_time: 40, monthly: 40, quarterly: 8, yearly: 12 }),
      description: ctx.chance(0.5) ? ctx.faker.commerce.productDescription().slice(0, 300) : null,
      status: ctx.weighted({ active: 75, paused: 13, cancelled: 12 }),
      created_at,
      updated_at: created_at,
    };
  },
};

export const filesGenerator: SeedGenerator = {
  collection: 'files',
  requires: ['projects'],
  build(ctx, i) {
    const project = ctx.pick(ctx.refs.projects);
    const type = ctx.pick(FILE_TYPES);
    const _id = ctx.id('files', i);
    const uploader = ctx.pick([project.user_id, ...project.team_member_ids]);
    const created_at = ctx.between(project.start_date, ctx.refDate);
    ctx.refs.files.push({ _id, project_id: project._id, owner_id: uploader });
    const original_name = ctx.faker.system.commonFileName(type.ext).replace(/[^A-Za-z0-9._-]/g, '_');
    return ctx.withContent(sampleContent(type.ext, `${original_name} (${_id.toHexString()})`), {
      _id,
      project_id: project._id,
      uploaded_by: uploader,
      original_name,
      mime_type: type.mime,
      allowed_roles: ctx.chance(0.8) ? ['admin', 'manager', 'sales', 'support', 'tech'] : ['admin', 'manager', 'tech'],
      created_at,
      updated_at: created_at,
    });
  },
};
