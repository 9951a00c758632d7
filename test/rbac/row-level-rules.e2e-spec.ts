import { randomBytes } from 'crypto';
import { Types } from 'mongoose';
import { ACCESS_RULES, AccessRule, ALL_ROLES, Permission, Role } from '@app/auth';
import { ApiResponse, TestApp } from '../support/test-app';
import { RBAC_MATRIX } from './rbac-matrix';
import { ROW_LEVEL_RULES } from './row-level-rules';

type User = Awaited<ReturnType<TestApp['createUser']>>;
type Viewer = User & { role: Role };
/** What a caller met: the row itself, a 404 that hides it, or a 403 (the roles guard's or the rule's). */
type Outcome = 'reached' | 'hidden' | 'refused' | `status ${number}`;

/** Every permission × role, two rows each, plus their fixtures, on a 2-core machine. */
const WALK_TIMEOUT_MS = 300_000;

/** A multipart/form-data body with one small text file and optional text fields. */
function multipart(fields: Record<string, string> = {}): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----rows${randomBytes(8).toString('hex')}`;
  const parts = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="note.txt"\r\nContent-Type: text/plain\r\n\r\nrow-level walk\r\n`);
  return { payload: Buffer.from(`${parts.join('')}--${boundary}--\r\n`), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * Probes every row-level rule over HTTP: for each permission and role, a row the rule lets the
 * role reach ("inside": their own lead, a project they are on, a file their role may see, their
 * own message…) and one it keeps out ("outside": another department's agent's lead, a project
 * without them, a file for other roles, someone else's message), both built through the API.
 */
describe('row-level rules (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let projectManager: User;
  let northAgent: User;
  let southAgent: User;
  let otherTech: User;
  let customerId: string;
  /** Time entries must not overlap per person: each fixture entry takes the next free hour. */
  let hoursAgo = 200;
  const nextSpan = () => {
    hoursAgo -= 1;
    return { started_at: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(), ended_at: new Date(Date.now() - hoursAgo * 3_600_000 + 1_800_000).toISOString() };
  };
  const viewers = {} as Record<Role, Viewer>;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    projectManager = await t.createUser('manager');
    northAgent = await t.createUser('sales', { department: 'North' });
    southAgent = await t.createUser('sales', { department: 'South' });
    otherTech = await t.createUser('tech');
    for (const role of ALL_ROLES) viewers[role] = { ...(await t.createUser(role, { department: 'North' })), role };
    customerId = (await t.post('/customers', { name: 'Row Walk Ltd' }, admin)).body.id;
  });
  afterAll(async () => {
    await t.stop();
  });

  const created = (response: ApiResponse, what: string): string => {
    if (response.status !== 201 || !response.body?.id) throw new Error(`fixture ${what}: ${response.status} ${response.raw}`);
    return response.body.id as string;
  };
  const outcome = (response: ApiResponse, reachedStatus: number): Outcome =>
    response.status === reachedStatus ? 'reached' : response.status === 404 ? 'hidden' : response.status === 403 ? 'refused' : `status ${response.status}`;
  /** A sales viewer's own rows are theirs; anyone else's "inside" row belongs to their department's agent. */
  const insideOwner = (viewer: Viewer) => (viewer.role === Role.Sales ? viewer.id : northAgent.id);

  const project = (teamMemberIds: string[]) =>
    t.post('/projects', { name: 'Row walk', customer_id: customerId, user_id: projectManager.id, team_member_ids: teamMemberIds }, admin).then((r) => created(r, 'project'));
  const lead = (agentId: string) => t.post('/leads', { first_name: 'Walk', agent_id: agentId }, admin).then((r) => created(r, 'lead'));
  const leadPair = async (viewer: Viewer) => ({ inside: await lead(insideOwner(viewer)), outside: await lead(southAgent.id) });
  const customer = (ownerId: string) => t.post('/customers', { name: 'Walk Co', owner_id: ownerId }, admin).then((r) => created(r, 'customer'));
  const upload = (projectId: string, token: string, allowedRoles?: string) =>
    t.request('POST', `/projects/${projectId}/files`, { ...multipart(allowedRoles ? { allowed_roles: allowedRoles } : {}), token }).then((r) => created(r, 'file'));
  const message = (token: string) => t.post('/channels/general/messages', { content: 'walking the rules' }, token).then((r) => created(r, 'message'));
  const messagePair = async (viewer: Viewer) => ({ inside: await message(viewer.token), outside: await message(northAgent.token) });

  const task = (projectId: string, assigneeId: string) =>
    t.post(`/projects/${projectId}/tasks`, { title: 'Walk task', tech_employee_id: assigneeId }, admin).then((r) => created(r, 'task'));
  /** An entry `tracker` records on a task assigned to them (a tech user tracks only on their own tasks). */
  const timeEntry = async (tracker: User, role: Role, projectId: string) => {
    const taskId = await task(projectId, role === Role.Tech ? tracker.id : otherTech.id);
    const response = await t.post(`/tasks/${taskId}/time-entries`, nextSpan(), tracker.token);
    if (response.status !== 201) throw new Error(`fixture time entry: ${response.status} ${response.raw}`);
    return `${taskId}|${response.body.entry.id as string}`;
  };
  /** Sales users track no time through the API: their "own" entry is written as the engine would store it. */
  const salesTimeEntry = async (viewer: Viewer, projectId: string) => {
    const taskId = await task(projectId, otherTech.id);
    const entryId = new Types.ObjectId();
    const span = nextSpan();
    await t.connection.collection('tasks').updateOne(
      { _id: new Types.ObjectId(taskId) },
      { $push: { time_entries: { _id: entryId, user_id: new Types.ObjectId(viewer.id), started_at: new Date(span.started_at), ended_at: new Date(span.ended_at), minutes: 30, source: 'manual', billable: true, invoice_id: null } } as never, $inc: { total_minutes: 30 } },
    );
    return `${taskId}|${entryId.toHexString()}`;
  };
  const entryPair = async (viewer: Viewer) => {
    const projectId = await project([viewer.id, otherTech.id]);
    return { inside: viewer.role === Role.Sales ? await salesTimeEntry(viewer, projectId) : await timeEntry(viewer, viewer.role, projectId), outside: await timeEntry(otherTech, Role.Tech, projectId) };
  };

  interface Probe {
    /** The route as the RBAC matrix names it: a role it does not admit gets 403 before any row is read. */
    route: string;
    setup(viewer: Viewer): Promise<{ inside: string; outside: string }>;
    attempt(row: string, viewer: Viewer): Promise<Outcome>;
  }

  const PROBES: Record<Permission, Probe> = {
    [Permission.ProjectRead]: {
      route: 'GET /projects/:id',
      setup: async (viewer) => ({ inside: await project([viewer.id]), outside: await project([]) }),
      attempt: async (id, viewer) => outcome(await t.get(`/projects/${id}`, viewer.token), 200),
    },
    [Permission.LeadRead]: {
      route: 'GET /leads/:id',
      setup: leadPair,
      attempt: async (id, viewer) => outcome(await t.get(`/leads/${id}`, viewer.token), 200),
    },
    [Permission.LeadUpdate]: {
      route: 'PATCH /leads/:id',
      setup: leadPair,
      attempt: async (id, viewer) => outcome(await t.patch(`/leads/${id}`, { notes: 'walked' }, viewer.token), 200),
    },
    [Permission.LeadDelete]: {
      route: 'DELETE /leads/:id',
      setup: leadPair,
      attempt: async (id, viewer) => outcome(await t.delete(`/leads/${id}`, viewer.token), 204),
    },
    [Permission.LeadConvert]: {
      route: 'POST /leads/:id/convert',
      setup: leadPair,
      // A new lead is not convertible yet: the 409 naming the allowed states comes after the access check passed.
      attempt: async (id, viewer) => outcome(await t.post(`/leads/${id}/convert`, {}, viewer.token), 409),
    },
    [Permission.CustomerUpdate]: {
      route: 'PATCH /customers/:id',
      setup: async (viewer) => ({ inside: await customer(insideOwner(viewer)), outside: await customer(southAgent.id) }),
      attempt: async (id, viewer) => outcome(await t.patch(`/customers/${id}`, { name: 'Walked Co' }, viewer.token), 200),
    },
    [Permission.DirectoryEntryUpdate]: {
      route: 'PATCH /business-directory/:id',
      setup: async (viewer) => {
        const entry = (agentId: string) => t.post('/business-directory', { name: 'Walk Prospect', agent_id: agentId }, admin).then((r) => created(r, 'directory entry'));
        return { inside: await entry(insideOwner(viewer)), outside: await entry(southAgent.id) };
      },
      attempt: async (id, viewer) => outcome(await t.patch(`/business-directory/${id}`, { name: 'Walked Prospect' }, viewer.token), 200),
    },
    [Permission.BillingRecordRead]: {
      route: 'GET /quotes/:id',
      setup: async (viewer) => {
        const quote = async (ownerId: string) => {
          const projectId = (await t.post('/projects', { name: 'Quoted', customer_id: await customer(ownerId), user_id: projectManager.id }, admin).then((r) => created(r, 'project')));
          const body = { title: 'Walk quote', valid_until: new Date(Date.now() + 7 * 86_400_000).toISOString(), lines: [{ description: 'Walk', quantity: 1, unit_price: 100, tax_rate: 0 }] };
          return created(await t.post(`/projects/${projectId}/quotes`, body, admin), 'quote');
        };
        return { inside: await quote(insideOwner(viewer)), outside: await quote(southAgent.id) };
      },
      attempt: async (id, viewer) => outcome(await t.get(`/quotes/${id}`, viewer.token), 200),
    },
    [Permission.DirectoryReportRead]: {
      route: 'GET /reports/directory-conversions',
      // The rows are prospects of one industry per viewer; "reached" means the report counts the agent's prospect.
      setup: async (viewer) => {
        const industry = `walk-${viewer.role}`;
        for (const agentId of [northAgent.id, southAgent.id]) created(await t.post('/business-directory', { name: 'Walk Prospect', agent_id: agentId, industry }, admin), 'directory entry');
        return { inside: `${industry}|${northAgent.id}`, outside: `${industry}|${southAgent.id}` };
      },
      attempt: async (row, viewer) => {
        const [industry, agentId] = row.split('|');
        const response = await t.get(`/reports/directory-conversions?industry=${industry}`, viewer.token);
        if (response.status !== 200) return outcome(response, 200);
        return (response.body.by_agent as { agent_id: string | null }[]).some((agent) => agent.agent_id === agentId) ? 'reached' : 'hidden';
      },
    },
    [Permission.TaskUpdate]: {
      route: 'PATCH /tasks/:id',
      setup: async (viewer) => {
        const projectId = await project([viewer.id, otherTech.id]);
        return { inside: await task(projectId, viewer.role === Role.Tech ? viewer.id : otherTech.id), outside: await task(projectId, otherTech.id) };
      },
      attempt: async (id, viewer) => outcome(await t.patch(`/tasks/${id}`, { title: 'Walked task' }, viewer.token), 200),
    },
    [Permission.TimeEntryDelete]: {
      route: 'DELETE /tasks/:id/time-entries/:entryId',
      setup: entryPair,
      attempt: async (row, viewer) => {
        const [taskId, entryId] = row.split('|');
        return outcome(await t.delete(`/tasks/${taskId}/time-entries/${entryId}`, viewer.token), 204);
      },
    },
    [Permission.TimeReportRead]: {
      route: 'GET /reports/time-tracked',
      // "Reached" means the report (grouped by person, over the fixtures' days) has a row for the entry's tracker.
      setup: async (viewer) => {
        const rows = await entryPair(viewer);
        return { inside: `${rows.inside}|${viewer.id}`, outside: `${rows.outside}|${otherTech.id}` };
      },
      attempt: async (row, viewer) => {
        const trackerId = row.split('|')[2];
        const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
        const response = await t.get(`/reports/time-tracked?group=user&from=${from}`, viewer.token);
        if (response.status !== 200) return outcome(response, 200);
        return (response.body.rows as { id: string }[]).some((reported) => reported.id === trackerId) ? 'reached' : 'hidden';
      },
    },
    [Permission.UpsellUpdate]: {
      route: 'PATCH /upsells/:id',
      setup: async (viewer) => {
        const projectId = await project([viewer.id]);
        const upsell = (soldBy: string) => t.post(`/projects/${projectId}/upsells`, { description: 'Walk upsell', amount: 10, sold_by: soldBy }, admin).then((r) => created(r, 'upsell'));
        return { inside: await upsell(insideOwner(viewer)), outside: await upsell(southAgent.id) };
      },
      attempt: async (id, viewer) => outcome(await t.patch(`/upsells/${id}`, { description: 'Walked upsell' }, viewer.token), 200),
    },
    [Permission.FileRead]: {
      route: 'GET /files/:id',
      setup: async (viewer) => {
        const projectId = await project([viewer.id]);
        return { inside: await upload(projectId, admin, viewer.role), outside: await upload(projectId, admin, Role.Admin) };
      },
      attempt: async (id, viewer) => outcome(await t.get(`/files/${id}`, viewer.token), 200),
    },
    [Permission.FileDelete]: {
      route: 'DELETE /files/:id',
      setup: async (viewer) => {
        const projectId = await project([viewer.id]);
        return { inside: await upload(projectId, viewer.token), outside: await upload(projectId, admin) };
      },
      attempt: async (id, viewer) => outcome(await t.delete(`/files/${id}`, viewer.token), 204),
    },
    [Permission.MessageUpdate]: {
      route: 'PATCH /messages/:id',
      setup: messagePair,
      attempt: async (id, viewer) => outcome(await t.patch(`/messages/${id}`, { content: 'walked' }, viewer.token), 200),
    },
    [Permission.MessageAttach]: {
      route: 'POST /messages/:id/attachments',
      setup: messagePair,
      attempt: async (id, viewer) => outcome(await t.request('POST', `/messages/${id}/attachments`, { ...multipart(), token: viewer.token }), 201),
    },
    [Permission.MessageDelete]: {
      route: 'DELETE /messages/:id',
      setup: messagePair,
      attempt: async (id, viewer) => outcome(await t.delete(`/messages/${id}`, viewer.token), 204),
    },
    [Permission.MessagePin]: {
      route: 'POST /messages/:id/pin',
      setup: messagePair,
      attempt: async (id, viewer) => outcome(await t.post(`/messages/${id}/pin`, {}, viewer.token), 200),
    },
  };

  it("states exactly the policy's rules (a rule change is reviewed here too)", () => {
    const policy = Object.fromEntries(Object.values(Permission).map((permission) => [permission, { ...ACCESS_RULES[permission].rules }]));
    expect(policy).toEqual(ROW_LEVEL_RULES);
    expect(Object.keys(PROBES).sort()).toEqual(Object.values(Permission).sort());
  });

  it(
    'every role reaches the rows its rule lets in and no other',
    async () => {
      const mismatches: string[] = [];
      for (const permission of Object.values(Permission)) {
        const probe = PROBES[permission];
        const admitted = RBAC_MATRIX[probe.route];
        if (!admitted || admitted === 'public') throw new Error(`${probe.route} is not a role-guarded route of the RBAC matrix`);
        const denied: Outcome = ACCESS_RULES[permission].denied === 'not_found' ? 'hidden' : 'refused';
        for (const role of ALL_ROLES) {
          const viewer = viewers[role];
          const rule = ROW_LEVEL_RULES[permission][role];
          const rows = await probe.setup(viewer);
          const expected = (inside: boolean): Outcome => {
            if (!(admitted as string[]).includes(role)) return 'refused';
            const reaches = rule === AccessRule.All || (inside && rule !== AccessRule.None);
            return reaches ? 'reached' : denied;
          };
          for (const [which, id] of [['inside', rows.inside], ['outside', rows.outside]] as const) {
            const actual = await probe.attempt(id, viewer);
            const wanted = expected(which === 'inside');
            if (actual !== wanted) mismatches.push(`${permission} ${role} (${rule}) ${which} row: expected ${wanted}, got ${actual}`);
          }
        }
      }
      expect(mismatches).toEqual([]);
    },
    WALK_TIMEOUT_MS,
  );
});
