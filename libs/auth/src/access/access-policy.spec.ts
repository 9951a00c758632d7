import { HttpException } from '@nestjs/common';
import { FilterQuery, Types } from 'mongoose';
import { ALL_ROLES, AuthUser, Role } from '../role';
import { UsersService } from '../users/users.service';
import { AccessLoader } from './access-loader';
import { AccessPolicy } from './access-policy';
import { ACCESS_RULES } from './access-rules';
import { AccessResource, AccessRule, Permission } from './permission';

type Row = { _id: Types.ObjectId; owner_id: Types.ObjectId | null; team?: Types.ObjectId[]; roles?: string[] };

/** A loader over an in-memory table that understands the filters the policy builds. */
class TableLoader implements AccessLoader<Row> {
  readonly entity: string;
  readonly fields = { owner: 'owner_id', members: ['team'], allowedRoles: 'roles' };
  queries = 0;

  constructor(
    readonly resource: AccessResource,
    readonly rows: Row[],
  ) {
    this.entity = resource;
  }

  findOne(id: Types.ObjectId, scope: FilterQuery<unknown>): Promise<Row | null> {
    this.queries += 1;
    return Promise.resolve(this.rows.find((row) => row._id.equals(id) && matches(row, scope)) ?? null);
  }

  findIds(scope: FilterQuery<unknown>): Promise<Types.ObjectId[]> {
    this.queries += 1;
    return Promise.resolve(this.rows.filter((row) => matches(row, scope)).map((row) => row._id));
  }
}

const same = (value: unknown, wanted: unknown) => (Array.isArray(value) ? value.some((item) => String(item) === String(wanted)) : String(value) === String(wanted));
function matches(row: Record<string, unknown>, filter: Record<string, unknown>): boolean {
  return Object.entries(filter).every(([key, wanted]) => {
    if (key === '$or') return (wanted as Record<string, unknown>[]).some((clause) => matches(row, clause));
    if (wanted === null) return row[key] == null;
    if (wanted && typeof wanted === 'object' && '$in' in wanted) return (wanted.$in as unknown[]).some((item) => same(row[key], item));
    return same(row[key], wanted);
  });
}

const id = () => new Types.ObjectId();
const user = (role: Role, department: string | null = null): AuthUser => ({ id: id().toHexString(), role, email: `${role}@example.com`, department });
const statusOf = async (work: () => Promise<unknown>): Promise<number | null> => {
  try {
    await work();
    return null;
  } catch (error) {
    if (error instanceof HttpException) return error.getStatus();
    throw error;
  }
};

describe('access rules table', () => {
  it('gives every permission a rule for every role (no silent default)', () => {
    for (const permission of Object.values(Permission)) {
      const spec = ACCESS_RULES[permission];
      expect(spec).toBeDefined();
      expect(Object.keys(spec.rules).sort()).toEqual([...ALL_ROLES].sort());
      for (const role of ALL_ROLES) expect(Object.values(AccessRule)).toContain(spec.rules[role]);
    }
    expect(Object.keys(ACCESS_RULES).sort()).toEqual(Object.values(Permission).sort());
  });

  it('gives every forbidden-style permission the message its 403 carries', () => {
    for (const permission of Object.values(Permission)) {
      const spec = ACCESS_RULES[permission] as { denied: string; message?: string };
      if (spec.denied === 'forbidden') expect(spec.message).toMatch(/\w+/);
    }
  });
});

describe('AccessPolicy', () => {
  const departmentPeople: Types.ObjectId[] = [];
  const users = { idsInDepartment: jest.fn(() => Promise.resolve(departmentPeople)) } as unknown as UsersService;
  let policy: AccessPolicy;
  let leads: TableLoader;
  let projects: TableLoader;
  let customers: TableLoader;

  beforeEach(() => {
    policy = new AccessPolicy(users);
    leads = new TableLoader('lead', []);
    projects = new TableLoader('project', []);
    customers = new TableLoader('customer', []);
    [leads, projects, customers].forEach((loader) => policy.register(loader));
  });

  it('refuses a second loader for the same resource', () => {
    expect(() => policy.register(new TableLoader('lead', []))).toThrow(/second access loader/);
  });

  it('answers 404 for a lead out of scope, the lead itself within it, in one load', async () => {
    const sales = user(Role.Sales);
    const mine: Row = { _id: id(), owner_id: new Types.ObjectId(sales.id) };
    const other: Row = { _id: id(), owner_id: id() };
    leads.rows.push(mine, other);
    await expect(policy.requireAccess(sales, Permission.LeadUpdate, mine._id)).resolves.toBe(mine);
    expect(await statusOf(() => policy.requireAccess(sales, Permission.LeadUpdate, other._id))).toBe(404);
    expect(leads.queries).toBe(2);
  });

  it('scopes a department manager to the department and unassigned rows; a manager without one sees all', async () => {
    const colleague = id();
    departmentPeople.splice(0, departmentPeople.length, colleague);
    const inDepartment: Row = { _id: id(), owner_id: colleague };
    const unassigned: Row = { _id: id(), owner_id: null };
    const elsewhere: Row = { _id: id(), owner_id: id() };
    leads.rows.push(inDepartment, unassigned, elsewhere);
    const manager = user(Role.Manager, 'north');
    expect(await statusOf(() => policy.requireAccess(manager, Permission.LeadRead, inDepartment._id))).toBeNull();
    expect(await statusOf(() => policy.requireAccess(manager, Permission.LeadRead, unassigned._id))).toBeNull();
    expect(await statusOf(() => policy.requireAccess(manager, Permission.LeadRead, elsewhere._id))).toBe(404);
    expect(policy.seesAll(manager, Permission.LeadRead)).toBe(false);
    expect(policy.seesAll(user(Role.Manager), Permission.LeadRead)).toBe(true);
    expect(await policy.scopeFilter(user(Role.Manager), Permission.LeadRead)).toEqual({});
  });

  it('never loads for the none rule', async () => {
    expect(await statusOf(() => policy.requireAccess(user(Role.Tech), Permission.LeadRead, id()))).toBe(404);
    expect(leads.queries).toBe(0);
  });

  it('answers 403 with the fix for a customer someone else owns, 404 for a missing one', async () => {
    const owned: Row = { _id: id(), owner_id: id() };
    customers.rows.push(owned);
    const sales = user(Role.Sales);
    await expect(policy.requireAccess(sales, Permission.CustomerUpdate, owned._id)).rejects.toThrow(/only change customers they own/);
    expect(await statusOf(() => policy.requireAccess(sales, Permission.CustomerUpdate, id()))).toBe(404);
    expect(await statusOf(() => policy.requireAccess(user(Role.Manager), Permission.CustomerUpdate, owned._id))).toBeNull();
  });

  it('lets project members (manager or team) in, and lists their project ids', async () => {
    const tech = user(Role.Tech);
    const onTeam: Row = { _id: id(), owner_id: id(), team: [new Types.ObjectId(tech.id)] };
    const notOnTeam: Row = { _id: id(), owner_id: id(), team: [] };
    projects.rows.push(onTeam, notOnTeam);
    expect(await statusOf(() => policy.requireAccess(tech, Permission.ProjectRead, onTeam._id))).toBeNull();
    expect(await statusOf(() => policy.requireAccess(tech, Permission.ProjectRead, notOnTeam._id))).toBe(404);
    expect(await policy.accessibleIds(tech, Permission.ProjectRead)).toEqual([onTeam._id]);
    expect(await policy.accessibleIds(user(Role.Admin), Permission.ProjectRead)).toBe('all');
    expect(await policy.allows(tech, Permission.ProjectRead, notOnTeam)).toBe(false);
  });

  it('decides on an already loaded row the same way', async () => {
    const upsells = new TableLoader('upsell', []);
    policy.register(upsells);
    const sales = user(Role.Sales);
    expect(await statusOf(() => policy.requireRowAccess(sales, Permission.UpsellUpdate, { owner_id: sales.id }))).toBeNull();
    expect(await statusOf(() => policy.requireRowAccess(sales, Permission.UpsellUpdate, { owner_id: id() }))).toBe(403);
    expect(await statusOf(() => policy.requireRowAccess(user(Role.Manager), Permission.UpsellUpdate, { owner_id: id() }))).toBeNull();
  });

  it('answers 404 for an id that is not an ObjectId, without a load', async () => {
    expect(await statusOf(() => policy.requireAccess(user(Role.Admin), Permission.ProjectRead, 'nope'))).toBe(404);
    expect(projects.queries).toBe(0);
  });

  it('shows a file to admins, its uploader and the roles it allows; deletes for the uploader, the project manager, managers and admins', async () => {
    const files: AccessLoader = {
      resource: 'file',
      entity: 'File',
      fields: { owner: 'uploaded_by', members: ['project_manager_id'], allowedRoles: 'allowed_roles' },
      findOne: () => Promise.resolve(null),
      findIds: () => Promise.resolve([]),
    };
    policy.register(files);
    const uploader = user(Role.Tech);
    const projectManager = user(Role.Sales);
    const file = { uploaded_by: uploader.id, allowed_roles: [Role.Manager], project_manager_id: projectManager.id };
    expect(await policy.allows(user(Role.Admin), Permission.FileRead, file)).toBe(true);
    expect(await policy.allows(uploader, Permission.FileRead, file)).toBe(true);
    expect(await policy.allows(user(Role.Manager), Permission.FileRead, file)).toBe(true);
    expect(await policy.allows(user(Role.Tech), Permission.FileRead, file)).toBe(false);
    expect(await policy.scopeFilter(user(Role.Admin), Permission.FileRead)).toEqual({});
    expect(await statusOf(() => policy.requireRowAccess(user(Role.Tech), Permission.FileRead, file))).toBe(404);
    expect(await policy.allows(uploader, Permission.FileDelete, file)).toBe(true);
    expect(await policy.allows(projectManager, Permission.FileDelete, file)).toBe(true);
    expect(await policy.allows(user(Role.Manager), Permission.FileDelete, file)).toBe(true);
    await expect(policy.requireRowAccess(user(Role.Tech), Permission.FileDelete, file)).rejects.toThrow(/only the uploader/);
  });

  it('lets a tech user change only the tasks assigned to them, everyone else any task of a project they see', async () => {
    policy.register({ resource: 'task', entity: 'Task', fields: { owner: 'tech_employee_id' }, findOne: () => Promise.resolve(null), findIds: () => Promise.resolve([]) });
    const tech = user(Role.Tech);
    expect(await statusOf(() => policy.requireRowAccess(tech, Permission.TaskUpdate, { tech_employee_id: new Types.ObjectId(tech.id) }))).toBeNull();
    await expect(policy.requireRowAccess(tech, Permission.TaskUpdate, { tech_employee_id: null })).rejects.toThrow(/assigned to them/);
    expect(await statusOf(() => policy.requireRowAccess(user(Role.Support), Permission.TaskUpdate, { tech_employee_id: null }))).toBeNull();
  });

  it('decides billing records on their customer without a read when the rule gives every row', async () => {
    const owned: Row = { _id: id(), owner_id: id() };
    customers.rows.push(owned);
    expect(await policy.hasAccess(user(Role.Manager), Permission.BillingRecordRead, owned._id)).toBe(true);
    expect(customers.queries).toBe(0);
    expect(await policy.hasAccess(user(Role.Sales), Permission.BillingRecordRead, owned._id)).toBe(false);
    expect(await policy.hasAccess({ id: owned.owner_id!.toHexString(), role: Role.Sales, department: null }, Permission.BillingRecordRead, owned._id)).toBe(true);
    expect(await policy.accessibleIds({ id: owned.owner_id!.toHexString(), role: Role.Sales, department: null }, Permission.BillingRecordRead)).toEqual([owned._id]);
  });
});
