import { faker } from '@faker-js/faker';
import { Db, ObjectId } from 'mongodb';

export interface BenchFixture {
  projectId: string;
  leadBody: object;
  searchWord: string;
  summary: string;
}

const BATCH = 1000;

/**
 * The data both sides read: sales agents, customers each with an owner and the lead they came
 * from, projects with tasks, and a business directory. Written with the raw driver (the same
 * documents the API would write) so seeding takes seconds, deterministic (faker seed 42).
 */
export async function seedBenchFixture(db: Db, sizes: { customers: number; directory: number; managerId: string }): Promise<BenchFixture> {
  faker.seed(42);
  const now = new Date();
  const stamp = { created_at: now, updated_at: now, deleted_at: null };

  const agents = Array.from({ length: 20 }, (_, i) => ({
    _id: new ObjectId(),
    first_name: faker.person.firstName(),
    last_name: faker.person.lastName(),
    email: `bench-agent-${i}@logic.camp`,
    // Agents never sign in during the benchmark; a placeholder that verifies nothing.
    password_hash: '$argon2id$v=19$m=19456,t=2,p=1$placeholder$placeholder',
    role: 'sales',
    department: 'sales',
    phone: null,
    is_active: true,
    token_version: 0,
    sessions: [],
    failed_login_attempts: 0,
    locked_until: null,
    last_login_at: null,
    ...stamp,
  }));
  await db.collection('users').insertMany(agents);

  const leads = Array.from({ length: sizes.customers }, () => ({
    _id: new ObjectId(),
    first_name: faker.person.firstName(),
    last_name: faker.person.lastName(),
    email: faker.internet.email().toLowerCase(),
    phone: null,
    company_name: faker.company.name(),
    job_title: faker.person.jobTitle(),
    website: null,
    source: 'website',
    status: 'won',
    priority: 'medium',
    agent_id: faker.helpers.arrayElement(agents)._id,
    estimated_value: faker.number.int({ min: 500, max: 50_000 }),
    next_follow_up_at: null,
    lost_reason: null,
    notes: null,
    converted_customer_id: null,
    converted_project_id: null,
    converted_at: now,
    ...stamp,
  }));
  const customers = leads.map((lead) => ({
    _id: new ObjectId(),
    name: `${lead.first_name} ${lead.last_name}`,
    email: lead.email,
    phone: null,
    company_name: lead.company_name,
    website: null,
    address: null,
    status: 'active',
    owner_id: lead.agent_id,
    tags: [faker.helpers.arrayElement(['vip', 'smb', 'enterprise'])],
    lead_id: lead._id,
    ...stamp,
    created_at: faker.date.recent({ days: 365, refDate: now }),
  }));
  leads.forEach((lead, i) => ((lead as { converted_customer_id: ObjectId | null }).converted_customer_id = customers[i]._id));
  for (let i = 0; i < leads.length; i += BATCH) {
    await db.collection('leads').insertMany(leads.slice(i, i + BATCH));
    await db.collection('customers').insertMany(customers.slice(i, i + BATCH));
  }

  const managerId = new ObjectId(sizes.managerId);
  const projects = customers.slice(0, 200).map((customer) => ({
    _id: new ObjectId(),
    name: `${customer.company_name} website`,
    description: faker.lorem.sentence(),
    customer_id: customer._id,
    user_id: managerId,
    team_member_ids: [],
    status: 'active',
    priority: 'medium',
    start_date: null,
    end_date: null,
    budget: faker.number.int({ min: 1000, max: 90_000 }),
    amount_paid: 0,
    currency: 'USD',
    billing_type: 'fixed',
    recurring_plan: null,
    billing_history: [],
    ...stamp,
  }));
  await db.collection('projects').insertMany(projects);
  const tasks = projects.flatMap((project) =>
    Array.from({ length: 10 }, (_, i) => ({
      project_id: project._id,
      goal_id: null,
      tech_employee_id: null,
      title: faker.hacker.phrase().slice(0, 120),
      status: i < 4 ? 'done' : 'todo',
      priority: 'medium',
      time_entries: [],
      total_minutes: 0,
      ...stamp,
    })),
  );
  await db.collection('tasks').insertMany(tasks);

  const industries = ['marketing', 'software', 'retail', 'logistics', 'healthcare', 'finance', 'construction', 'education'];
  const directory = Array.from({ length: sizes.directory }, () => ({
    name: faker.company.name(),
    industry: faker.helpers.arrayElement(industries),
    country: faker.location.countryCode(),
    city: faker.location.city(),
    website: null,
    contact: { name: faker.person.fullName(), email: null, phone: null },
    description: faker.company.catchPhrase(),
    status: 'new',
    agent_id: faker.helpers.arrayElement(agents)._id,
    converted_lead_id: null,
    ...stamp,
  }));
  for (let i = 0; i < directory.length; i += BATCH) await db.collection('business_directories').insertMany(directory.slice(i, i + BATCH));

  return {
    projectId: projects[0]._id.toHexString(),
    leadBody: { first_name: 'Bench', last_name: 'Lead', email: 'bench.lead@example.com', company_name: 'Bench Co', source: 'website', priority: 'high', estimated_value: 1200 },
    searchWord: 'logistics',
    summary: `${agents.length} agents, ${customers.length} customers + leads, ${projects.length} projects, ${tasks.length} tasks, ${directory.length} directory entries`,
  };
}
