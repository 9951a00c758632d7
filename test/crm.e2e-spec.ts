import { EventEmitter2 } from '@nestjs/event-emitter';
import { Types } from 'mongoose';
import { DomainEvent, NotifiableEvent } from '@app/common';
import { Role } from '@app/auth';
import { CustomersService } from '@app/crm';
import { ProjectsService } from '@app/projects';
import { TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

type User = Awaited<ReturnType<TestApp['createUser']>>;

const UNKNOWN_ID = new Types.ObjectId().toHexString();
const ids = (page: { data: { id: string }[] }) => page.data.map((row) => row.id);
/** Returns once the clock has moved past `since`: a `created_from` taken now excludes what the earlier tests wrote in the same millisecond. */
const clockPast = (since = Date.now()) => waitFor(() => Date.now() > since, { description: 'the clock to pass the last write', intervalMs: 1 });

describe('CRM: customers and leads (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let manager: User;
  let sales: User;
  let otherSales: User;
  let tech: User;
  const events: { name: string; payload: NotifiableEvent }[] = [];

  const customersCount = () => t.connection.collection('customers').countDocuments();
  const projectsCount = () => t.connection.collection('projects').countDocuments();

  async function createCustomer(body: Record<string, unknown>, token = sales.token) {
    const response = await t.post('/customers', body, token);
    if (response.status !== 201) throw new Error(`create customer: ${response.status} ${response.raw}`);
    return response.body;
  }

  async function createLead(body: Record<string, unknown> = {}, token = sales.token) {
    const response = await t.post('/leads', { first_name: 'Lena', last_name: 'Lead', company_name: 'Lead Co', ...body }, token);
    if (response.status !== 201) throw new Error(`create lead: ${response.status} ${response.raw}`);
    return response.body;
  }

  /** Walks a lead one legal step at a time up to `target`. */
  async function advance(leadId: string, target: string, token = sales.token) {
    const path = ['new', 'contacted', 'qualified', 'proposal', 'negotiation', 'won'];
    const current = (await t.get(`/leads/${leadId}`, token)).body.status;
    for (const status of path.slice(path.indexOf(current) + 1, path.indexOf(target) + 1)) {
      const response = await t.patch(`/leads/${leadId}`, { status }, token);
      if (response.status !== 200) throw new Error(`advance to ${status}: ${response.status} ${response.raw}`);
    }
  }

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    [manager, sales, otherSales, tech] = [await t.createUser('manager'), await t.createUser('sales'), await t.createUser('sales'), await t.createUser('tech')];
    const bus = t.app.get(EventEmitter2);
    for (const name of [DomainEvent.LeadAssigned, DomainEvent.LeadConverted]) bus.on(name, (payload: NotifiableEvent) => events.push({ name, payload }));
  });
  afterAll(async () => {
    await t.stop();
  });

  describe('customers', () => {
    it('a sales user creates a customer they own, with E.164 phone, URL, address and normalised tags', async () => {
      const response = await t.post(
        '/customers',
        {
          name: '  Ada Lovelace ',
          email: 'ADA@Example.com',
          phone: '+442071234567',
          company_name: 'Analytical Engines',
          website: 'https://engines.example.com',
          address: { line1: '1 Main St', city: 'London', country: 'gb' },
          tags: ['VIP', 'vip', ' Enterprise '],
        },
        sales.token,
      );
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        phone: '+442071234567',
        website: 'https://engines.example.com',
        address: { line1: '1 Main St', city: 'London', country: 'GB', line2: null, state: null, postal_code: null },
        status: 'active',
        owner_id: sales.id,
        tags: ['vip', 'enterprise'],
      });
      expect(response.body).not.toHaveProperty('deleted_at');
    });

    it('refuses a phone not in E.164 form, a non-http URL and a malformed email with field errors', async () => {
      const phone = await t.post('/customers', { name: 'X', phone: '020 7123 4567' }, sales.token);
      expect(phone.status).toBe(400);
      expect(phone.body.details).toEqual([{ field: 'phone', message: expect.stringContaining('E.164') }]);
      const website = await t.post('/customers', { name: 'X', website: 'ftp://files.example.com' }, sales.token);
      expect(website.status).toBe(400);
      expect(website.body.details[0].field).toBe('website');
      expect((await t.post('/customers', { name: 'X', website: 'not a url' }, sales.token)).status).toBe(400);
      expect((await t.post('/customers', { name: 'X', email: 'nope' }, sales.token)).status).toBe(400);
      expect((await t.post('/customers', { name: 'X', status: 'vip' }, sales.token)).status).toBe(400);
      expect((await t.post('/customers', { name: 'X', tags: 'vip' }, sales.token)).status).toBe(400);
      expect((await t.post('/customers', { name: 'X', address: { line1: 'a', city: 'b', country: 'ZZZ' } }, sales.token)).body.details[0].field).toBe('address.country');
    });

    it('owners: sales users own what they create; managers assign; the owner must be an active sales-team user', async () => {
      expect((await t.post('/customers', { name: 'X', owner_id: otherSales.id }, sales.token)).status).toBe(403);
      const assigned = await createCustomer({ name: 'Assigned', owner_id: otherSales.id }, manager.token);
      expect(assigned.owner_id).toBe(otherSales.id);
      const unowned = await createCustomer({ name: 'Unowned' }, manager.token);
      expect(unowned.owner_id).toBeNull();
      const techOwner = await t.post('/customers', { name: 'X', owner_id: tech.id }, manager.token);
      expect(techOwner.status).toBe(400);
      expect(techOwner.body.details).toEqual([{ field: 'owner_id', message: expect.stringMatching(/active sales, manager or admin/) }]);
      expect((await t.post('/customers', { name: 'X' }, tech.token)).status).toBe(403);
    });

    it('sales users edit only customers they own and cannot give one away; managers reassign', async () => {
      const theirs = await createCustomer({ name: 'Theirs' }, otherSales.token);
      expect((await t.patch(`/customers/${theirs.id}`, { status: 'inactive' }, sales.token)).status).toBe(403);
      expect((await t.get(`/customers/${theirs.id}`, sales.token)).status).toBe(200);

      const mine = await createCustomer({ name: 'Mine' });
      const updated = await t.patch(`/customers/${mine.id}`, { status: 'prospect', tags: ['Hot'], website: null }, sales.token);
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ status: 'prospect', tags: ['hot'], website: null, owner_id: sales.id });
      expect((await t.patch(`/customers/${mine.id}`, { owner_id: otherSales.id }, sales.token)).status).toBe(403);
      expect((await t.patch(`/customers/${mine.id}`, { phone: '12345' }, sales.token)).status).toBe(400);

      const reassigned = await t.patch(`/customers/${mine.id}`, { owner_id: otherSales.id }, manager.token);
      expect(reassigned.body.owner_id).toBe(otherSales.id);
      expect((await t.patch(`/customers/${mine.id}`, { owner_id: tech.id }, manager.token)).status).toBe(400);
    });

    it('filters by status, company, owner, tag and created range, and searches name, email and company', async () => {
      const owner = await t.createUser('sales');
      const before = new Date().toISOString();
      const a = await createCustomer({ name: 'Filter Alpha', email: 'alpha@zebra-mail.example', company_name: 'Quokka Corp', tags: ['fx-gold'] }, owner.token);
      const b = await createCustomer({ name: 'Filter Beta', company_name: 'Quokka Corp', status: 'churned' }, owner.token);
      const c = await createCustomer({ name: 'Filter Gamma', company_name: 'Wombat Ltd', tags: ['fx-gold', 'fx-silver'] }, owner.token);
      const after = new Date().toISOString();
      const list = async (query: string) => (await t.get(`/customers?limit=100&${query}`, manager.token)).body;

      expect(ids(await list(`owner_id=${owner.id}`)).sort()).toEqual([a.id, b.id, c.id].sort());
      expect(ids(await list(`owner_id=${owner.id}&status=churned`))).toEqual([b.id]);
      expect(ids(await list('company_name=Quokka%20Corp')).sort()).toEqual([a.id, b.id].sort());
      expect(ids(await list('tag=FX-GOLD')).sort()).toEqual([a.id, c.id].sort());
      expect(ids(await list('tag=fx-silver'))).toEqual([c.id]);
      expect(ids(await list(`created_from=${before}&created_to=${after}`)).sort()).toEqual([a.id, b.id, c.id].sort());
      expect((await list(`created_from=${after}&owner_id=${owner.id}`)).total).toBe(0);
      expect(ids(await list('search=zebra-mail'))).toEqual([a.id]);
      expect(ids(await list('search=wombat'))).toEqual([c.id]);
      expect(ids(await list('search=filter%20gamma'))).toEqual([c.id]);
      expect((await list('search=.*')).total).toBe(0);
      const sorted = await list(`owner_id=${owner.id}&sort=name`);
      expect(sorted.data.map((row: { name: string }) => row.name)).toEqual(['Filter Alpha', 'Filter Beta', 'Filter Gamma']);
      expect(sorted.total).toBe(3);
    });

    it('rejects bad list parameters and ids with 400, unknown ids with 404', async () => {
      for (const query of ['status=vip', 'owner_id=nope', 'sort=password', 'populate=secrets', 'created_from=yesterday', 'limit=1000', 'page=0', 'limit=1e400', 'unknown=1', 'tag[$ne]=x']) {
        expect([query, (await t.get(`/customers?${query}`, sales.token)).status]).toEqual([query, 400]);
      }
      expect((await t.get('/customers/not-an-id', sales.token)).status).toBe(400);
      expect((await t.get(`/customers/${UNKNOWN_ID}`, sales.token)).status).toBe(404);
      expect((await t.patch(`/customers/${UNKNOWN_ID}`, { name: 'x' }, manager.token)).status).toBe(404);
      expect((await t.get('/customers', tech.token)).status).toBe(403);
    });

    it('soft delete hides the customer; restore brings it back (managers and admins only)', async () => {
      const customer = await createCustomer({ name: 'Deletable' });
      expect((await t.delete(`/customers/${customer.id}`, sales.token)).status).toBe(403);
      expect((await t.delete(`/customers/${customer.id}`, manager.token)).status).toBe(204);
      expect((await t.get(`/customers/${customer.id}`, manager.token)).status).toBe(404);
      expect(ids((await t.get('/customers?limit=100&search=Deletable', manager.token)).body)).toEqual([]);
      const raw = await t.connection.collection('customers').findOne({ _id: new Types.ObjectId(customer.id) });
      expect(raw).toMatchObject({ name: 'Deletable', deleted_by: new Types.ObjectId(manager.id) });
      expect(raw?.deleted_at).toBeInstanceOf(Date);
      expect((await t.delete(`/customers/${customer.id}`, manager.token)).status).toBe(404);

      expect((await t.post(`/customers/${customer.id}/restore`, {}, sales.token)).status).toBe(403);
      const restored = await t.post(`/customers/${customer.id}/restore`, {}, manager.token);
      expect(restored.status).toBe(200);
      expect(restored.body).toMatchObject({ id: customer.id, name: 'Deletable' });
      expect((await t.get(`/customers/${customer.id}`, sales.token)).status).toBe(200);
      expect((await t.post(`/customers/${customer.id}/restore`, {}, admin)).status).toBe(200);
      expect((await t.post(`/customers/${UNKNOWN_ID}/restore`, {}, admin)).status).toBe(404);
    });

    it('lists and details populate owner and lead in a fixed number of round trips', async () => {
      const customer = await createCustomer({ name: 'Populated' });
      const lead = await createLead({ first_name: 'Origin' });
      await advance(lead.id, 'negotiation');
      const converted = (await t.post(`/leads/${lead.id}/convert`, {}, sales.token)).body.customer;
      const list = await t.withCommands(() => t.get('/customers?limit=100&populate=owner,lead', manager.token));
      expect(list.response.status).toBe(200);
      expect(list.commands).toEqual(['aggregate customers', 'find customers', 'find leads', 'find users', 'find users']);
      const row = list.response.body.data.find((r: { id: string }) => r.id === customer.id);
      expect(row.owner).toEqual({ id: sales.id, first_name: 'sales', last_name: 'Tester', email: sales.email, role: 'sales' });
      expect(row.lead).toBeNull();
      const fromLead = list.response.body.data.find((r: { id: string }) => r.id === converted.id);
      expect(fromLead.lead).toEqual({ id: lead.id, first_name: 'Origin', last_name: 'Lead', company_name: 'Lead Co', status: 'won' });

      const plain = await t.withCommands(() => t.get('/customers?limit=5', manager.token));
      expect(plain.commands).toEqual(['aggregate customers', 'find customers', 'find users']);

      const detail = await t.withCommands(() => t.get(`/customers/${customer.id}?populate=owner`, sales.token));
      expect(detail.response.body.owner.id).toBe(sales.id);
      expect(detail.commands).toEqual(['find customers', 'find users', 'find users']);
      expect((await t.get(`/customers/${customer.id}?populate=agent`, sales.token)).status).toBe(400);
    });
  });

  describe('leads: ownership and assignment', () => {
    it('a sales user creates a lead assigned to themselves, starting as new', async () => {
      const lead = await createLead({ email: 'LENA@lead.example', phone: '+14155550123', estimated_value: 1200.5, source: 'website', priority: 'high' });
      expect(lead).toMatchObject({
        first_name: 'Lena',
        email: 'lena@lead.example',
        agent_id: sales.id,
        status: 'new',
        source: 'website',
        priority: 'high',
        estimated_value: 1200.5,
        converted_customer_id: null,
        converted_at: null,
      });
      expect(lead).not.toHaveProperty('pending_project_id');
      expect((await t.post('/leads', { first_name: 'X', agent_id: otherSales.id }, sales.token)).status).toBe(403);
      expect((await t.post('/leads', { first_name: 'X', status: 'won' }, sales.token)).status).toBe(400);
      expect((await t.post('/leads', { first_name: 'X', phone: '555-0100' }, sales.token)).status).toBe(400);
      expect((await t.post('/leads', { first_name: 'X', estimated_value: 1e20 }, sales.token)).status).toBe(400);
      expect((await t.post('/leads', { first_name: 'X' }, tech.token)).status).toBe(403);
    });

    it('assignment must name an active sales user, and notifies the agent', async () => {
      const notAgent = await t.post('/leads', { first_name: 'X', agent_id: manager.id }, manager.token);
      expect(notAgent.status).toBe(400);
      expect(notAgent.body.details).toEqual([{ field: 'agent_id', message: 'must reference an active sales user' }]);
      const gone = await t.createUser('sales');
      await t.patch(`/users/${gone.id}`, { is_active: false }, admin);
      expect((await t.post('/leads', { first_name: 'X', agent_id: gone.id }, manager.token)).status).toBe(400);
      expect((await t.post('/leads', { first_name: 'X', agent_id: UNKNOWN_ID }, manager.token)).status).toBe(400);

      events.length = 0;
      const lead = await createLead({ first_name: 'Nora', last_name: 'Notify', agent_id: otherSales.id }, manager.token);
      expect(events).toEqual([
        {
          name: DomainEvent.LeadAssigned,
          payload: { recipient_ids: [otherSales.id], actor_id: manager.id, entity_type: 'lead', entity_id: lead.id, data: { lead_name: 'Nora Notify', assigned_by: 'manager Tester' } },
        },
      ]);
      // Written before the response (listeners are awaited): in the inbox at once.
      const inbox = (await t.get('/notifications', otherSales.token)).body;
      expect(inbox.data.find((n: { entity_id: string }) => n.entity_id === lead.id)).toMatchObject({
        type: 'lead_assigned',
        title: 'New lead assigned: Nora Notify',
        body: 'manager Tester assigned the lead Nora Notify to you.',
        entity_type: 'lead',
        is_read: false,
      });

      // Reassignment notifies the new agent; only managers and admins reassign.
      events.length = 0;
      expect((await t.patch(`/leads/${lead.id}`, { agent_id: sales.id }, otherSales.token)).status).toBe(403);
      const moved = await t.patch(`/leads/${lead.id}`, { agent_id: sales.id }, manager.token);
      expect(moved.body.agent_id).toBe(sales.id);
      expect(events.map((e) => [e.name, e.payload.recipient_ids])).toEqual([[DomainEvent.LeadAssigned, [sales.id]]]);
      // An unchanged agent is not a new assignment.
      events.length = 0;
      await t.patch(`/leads/${lead.id}`, { agent_id: sales.id, notes: 'same agent' }, manager.token);
      expect(events).toEqual([]);
    });

    it("a sales user cannot read, list, edit, convert or delete another agent's lead (404); managers and admins see all", async () => {
      const lead = await createLead({ first_name: 'Private' }, otherSales.token);
      expect((await t.get(`/leads/${lead.id}`, sales.token)).status).toBe(404);
      expect((await t.patch(`/leads/${lead.id}`, { notes: 'x' }, sales.token)).status).toBe(404);
      expect((await t.post(`/leads/${lead.id}/convert`, {}, sales.token)).status).toBe(404);
      expect((await t.delete(`/leads/${lead.id}`, sales.token)).status).toBe(404);
      const mine = await t.get('/leads?limit=100', sales.token);
      expect(ids(mine.body)).not.toContain(lead.id);
      expect(mine.body.data.every((row: { agent_id: string }) => row.agent_id === sales.id)).toBe(true);
      // Filtering by another agent does not widen a sales user's view.
      expect((await t.get(`/leads?agent_id=${otherSales.id}`, sales.token)).body.total).toBe(0);

      expect((await t.get(`/leads/${lead.id}`, manager.token)).status).toBe(200);
      expect((await t.get(`/leads/${lead.id}`, admin)).status).toBe(200);
      expect(ids((await t.get(`/leads?limit=100&agent_id=${otherSales.id}`, manager.token)).body)).toContain(lead.id);
      expect((await t.get(`/leads/${lead.id}`, tech.token)).status).toBe(403);
    });

    it('filters leads by status, priority, source, follow-up and search', async () => {
      const agent = await t.createUser('sales');
      const a = await createLead({ first_name: 'Quentin', company_name: 'Quasar Ltd', priority: 'urgent', source: 'referral', next_follow_up_at: '2030-01-01T00:00:00.000Z' }, agent.token);
      const b = await createLead({ first_name: 'Rita', company_name: 'Rocket Inc', priority: 'low', source: 'cold_call' }, agent.token);
      await advance(b.id, 'contacted', agent.token);
      const list = async (query: string) => ids((await t.get(`/leads?limit=100&${query}`, agent.token)).body);
      expect((await list('')).sort()).toEqual([a.id, b.id].sort());
      expect(await list('status=contacted')).toEqual([b.id]);
      expect(await list('priority=urgent')).toEqual([a.id]);
      expect(await list('source=cold_call')).toEqual([b.id]);
      expect(await list('follow_up_before=2031-01-01')).toEqual([a.id]);
      expect(await list('search=quasar')).toEqual([a.id]);
      expect((await t.get('/leads?status=maybe', agent.token)).status).toBe(400);
    });

    it('lists and details pin their round trips, population included', async () => {
      const lead = await createLead({ first_name: 'Pinned' });
      const list = await t.withCommands(() => t.get('/leads?limit=100&populate=agent,customer,directory', sales.token));
      expect(list.response.status).toBe(200);
      // One query per populated path that has references (none of these leads came from the directory).
      expect(list.commands).toEqual(['aggregate leads', 'find customers', 'find leads', 'find users', 'find users']);
      expect(list.response.body.data.find((row: { id: string }) => row.id === lead.id)).toMatchObject({ agent: { id: sales.id, role: 'sales' }, customer: null, directory: null });

      const detail = await t.withCommands(() => t.get(`/leads/${lead.id}`, sales.token));
      expect(detail.response.body.id).toBe(lead.id);
      expect(detail.commands).toEqual(['find leads', 'find users']);
    });
  });

  describe('leads: status pipeline', () => {
    it('an illegal jump is 409 naming the allowed next states; one step at a time works', async () => {
      const lead = await createLead();
      const jump = await t.patch(`/leads/${lead.id}`, { status: 'proposal' }, sales.token);
      expect(jump.status).toBe(409);
      expect(jump.body.message).toBe('Lead status cannot change from new to proposal; allowed next states: contacted, lost');
      expect(jump.body.details).toEqual([{ field: 'status', message: 'allowed next states: contacted, lost', allowed: ['contacted', 'lost'] }]);
      expect((await t.get(`/leads/${lead.id}`, sales.token)).body.status).toBe('new');

      expect((await t.patch(`/leads/${lead.id}`, { status: 'contacted' }, sales.token)).body.status).toBe('contacted');
      const back = await t.patch(`/leads/${lead.id}`, { status: 'new' }, sales.token);
      expect(back.status).toBe(409);
      expect(back.body.details[0].message).toBe('allowed next states: qualified, lost');
      expect(back.body.details[0].allowed).toEqual(['qualified', 'lost']);
      expect((await t.patch(`/leads/${lead.id}`, { status: 'contacted', notes: 'same stage' }, sales.token)).status).toBe(200);
    });

    it('lost needs a reason and is final; won clears the follow-up', async () => {
      const lead = await createLead({ next_follow_up_at: '2030-05-05T00:00:00.000Z' });
      const noReason = await t.patch(`/leads/${lead.id}`, { status: 'lost' }, sales.token);
      expect(noReason.status).toBe(400);
      expect(noReason.body.details[0].field).toBe('lost_reason');
      expect((await t.patch(`/leads/${lead.id}`, { lost_reason: 'too early' }, sales.token)).status).toBe(400);
      const lost = await t.patch(`/leads/${lead.id}`, { status: 'lost', lost_reason: 'Chose a competitor' }, sales.token);
      expect(lost.body).toMatchObject({ status: 'lost', lost_reason: 'Chose a competitor', next_follow_up_at: null });
      const revive = await t.patch(`/leads/${lead.id}`, { status: 'contacted', lost_reason: null }, sales.token);
      expect(revive.status).toBe(409);
      expect(revive.body.message).toContain('lost is final');

      const winner = await createLead({ next_follow_up_at: '2030-05-05T00:00:00.000Z' });
      await advance(winner.id, 'won');
      expect((await t.get(`/leads/${winner.id}`, sales.token)).body).toMatchObject({ status: 'won', next_follow_up_at: null });
    });

    it('a lead cannot be tagged business_directory by hand', async () => {
      const lead = await createLead();
      expect((await t.patch(`/leads/${lead.id}`, { source: 'business_directory' }, sales.token)).body.details[0].field).toBe('source');
    });
  });

  describe('leads: conversion', () => {
    it('converting a lead twice returns the same customer id and the customers count grows by one', async () => {
      const lead = await createLead({ first_name: 'Carl', last_name: 'Convert', email: 'carl@convert.example', phone: '+4930123456', company_name: 'Convert GmbH', website: 'https://convert.example' });
      await advance(lead.id, 'negotiation');
      const before = await customersCount();
      events.length = 0;

      const first = await t.post(`/leads/${lead.id}/convert`, {}, sales.token);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        already_converted: false,
        lead: { id: lead.id, status: 'won', converted_customer_id: first.body.customer.id, converted_project_id: null },
        customer: { name: 'Carl Convert', email: 'carl@convert.example', phone: '+4930123456', company_name: 'Convert GmbH', website: 'https://convert.example', owner_id: sales.id, lead_id: lead.id, status: 'active', address: null, tags: [] },
        project: null,
      });
      expect(first.body.lead.converted_at).toEqual(expect.any(String));
      expect(await customersCount()).toBe(before + 1);

      const second = await t.post(`/leads/${lead.id}/convert`, undefined, sales.token);
      expect(second.status).toBe(200);
      expect(second.body.already_converted).toBe(true);
      expect(second.body.customer.id).toBe(first.body.customer.id);
      expect(second.body.lead.converted_at).toBe(first.body.lead.converted_at);
      expect(await customersCount()).toBe(before + 1);

      // The agent converted it themselves: the event is raised, the actor is not notified.
      expect(events.filter((e) => e.name === DomainEvent.LeadConverted)).toHaveLength(1);
      const withCustomer = await t.get(`/leads/${lead.id}?populate=customer`, sales.token);
      expect(withCustomer.body.customer).toEqual({ id: first.body.customer.id, name: 'Carl Convert', email: 'carl@convert.example', company_name: 'Convert GmbH', status: 'active' });
      const customerWithLead = await t.get(`/customers/${first.body.customer.id}?populate=lead`, sales.token);
      expect(customerWithLead.body.lead).toEqual({ id: lead.id, first_name: 'Carl', last_name: 'Convert', company_name: 'Convert GmbH', status: 'won' });
    });

    it('optionally creates the first project, once; a manager converting notifies the agent', async () => {
      const lead = await createLead({ first_name: 'Pia', last_name: 'Project' });
      await advance(lead.id, 'won');
      const [customersBefore, projectsBefore] = [await customersCount(), await projectsCount()];
      const body = { project: { name: 'Pia launch', user_id: manager.id, budget: 5000, currency: 'eur' } };
      const first = await t.post(`/leads/${lead.id}/convert`, body, manager.token);
      expect(first.status).toBe(200);
      expect(first.body.project).toEqual({ id: expect.any(String), name: 'Pia launch', status: 'planning', user_id: manager.id, currency: 'EUR' });
      expect(first.body.lead.converted_project_id).toBe(first.body.project.id);
      const project = await t.get(`/projects/${first.body.project.id}`, manager.token);
      expect(project.body).toMatchObject({ customer_id: first.body.customer.id, budget: 5000 });

      const again = await t.post(`/leads/${lead.id}/convert`, body, manager.token);
      expect(again.body).toMatchObject({ already_converted: true, customer: { id: first.body.customer.id }, project: { id: first.body.project.id } });
      expect([await customersCount(), await projectsCount()]).toEqual([customersBefore + 1, projectsBefore + 1]);

      // Written before the response (listeners are awaited): in the inbox at once.
      const inbox = (await t.get('/notifications?limit=100', sales.token)).body;
      expect(inbox.data.find((n: { type: string; entity_id: string }) => n.type === 'lead_converted' && n.entity_id === lead.id).title).toBe('Lead converted: Pia Project');
    });

    it('converting a lead with its first project takes at most 11 domain round trips (it took 18)', async () => {
      const lead = await createLead({ first_name: 'Rita', last_name: 'Roundtrip' });
      await advance(lead.id, 'won');
      const body = { project: { name: 'Rita launch', user_id: manager.id, team_member_ids: [tech.id], budget: 100 } };
      const { response, commands } = await t.withCommands(() => t.post(`/leads/${lead.id}/convert`, body, manager.token));
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ already_converted: false, lead: { status: 'won' }, project: { name: 'Rita launch', user_id: manager.id } });
      // What every write carries, whoever does it: its audit record, its event's outbox entry (pending,
      // sequence, commit) and the notification the event raises. Pinned apart from the domain's own.
      const bookkeeping = ['insert activity_logs', 'insert events', 'findAndModify event_sequence', 'update events', 'find notification_types', 'insert notifications'];
      const domain = commands.filter((command) => !bookkeeping.includes(command));
      // The walk: the signed-in user; the lead, read once; the manager and the team, one read; the
      // project id reserved on the lead; the customer upserted; the project inserted; the lead stamped;
      // and the upserted customer read back by the persistence-layer audit (an upsert that inserts has no
      // pre-image to replay). The response is built from what the writes returned.
      expect(domain).toEqual(['find customers', 'find leads', 'find users', 'find users', 'findAndModify customers', 'findAndModify leads', 'findAndModify leads', 'insert projects']);
      expect(domain.length).toBeLessThanOrEqual(11);
      // Four writes (4 audit records), four outbox events (3 commands each), one notification (2): 26 in all, from 36.
      expect(commands.length).toBeLessThanOrEqual(26);
    });

    it('a conversion that died half-way is finished by a re-run without duplicates', async () => {
      const lead = await createLead({ first_name: 'Half', last_name: 'Way' });
      await advance(lead.id, 'negotiation');
      // Simulate a crash after steps 1-3: project id reserved, customer and project created, lead not stamped.
      const projectId = new Types.ObjectId();
      await t.connection.collection('leads').updateOne({ _id: new Types.ObjectId(lead.id) }, { $set: { pending_project_id: projectId } });
      const { customer } = await t.app.get(CustomersService).upsertFromLead({
        lead_id: new Types.ObjectId(lead.id),
        name: 'Half Way',
        email: null,
        phone: null,
        company_name: 'Lead Co',
        website: null,
        owner_id: new Types.ObjectId(sales.id),
      });
      await t.app.get(ProjectsService).create({ name: 'Half project', customer_id: customer._id.toHexString(), user_id: manager.id }, { id: manager.id, role: Role.Manager }, { id: projectId });
      const [customersBefore, projectsBefore] = [await customersCount(), await projectsCount()];

      const rerun = await t.post(`/leads/${lead.id}/convert`, { project: { name: 'Half project', user_id: manager.id } }, sales.token);
      expect(rerun.status).toBe(200);
      expect(rerun.body).toMatchObject({ customer: { id: customer._id.toHexString() }, project: { id: projectId.toHexString(), name: 'Half project' }, lead: { status: 'won' } });
      expect([await customersCount(), await projectsCount()]).toEqual([customersBefore, projectsBefore]);
      const raw = await t.connection.collection('leads').findOne({ _id: new Types.ObjectId(lead.id) });
      expect(raw).not.toHaveProperty('pending_project_id');
      expect(raw?.converted_customer_id).toEqual(customer._id);
    });

    it('refuses leads not yet in negotiation (409) and a bad project before writing anything (400)', async () => {
      const early = await createLead();
      await advance(early.id, 'qualified');
      const tooEarly = await t.post(`/leads/${early.id}/convert`, {}, sales.token);
      expect(tooEarly.status).toBe(409);
      expect(tooEarly.body.message).toContain('allowed next states: proposal, lost');
      expect(tooEarly.body.details).toEqual([{ field: 'status', message: expect.any(String), allowed: ['proposal', 'lost'] }]);

      const lead = await createLead();
      await advance(lead.id, 'negotiation');
      const before = await customersCount();
      const noManager = await t.post(`/leads/${lead.id}/convert`, { project: { name: 'P' } }, sales.token);
      expect(noManager.status).toBe(400);
      expect(noManager.body.details[0].field).toBe('project.user_id');
      const pastEnd = await t.post(`/leads/${lead.id}/convert`, { project: { name: 'P', user_id: manager.id, end_date: '2020-01-01' } }, sales.token);
      expect(pastEnd.status).toBe(400);
      expect((await t.post(`/leads/${lead.id}/convert`, { project: { name: 'P', customer_id: UNKNOWN_ID } }, sales.token)).status).toBe(400);
      expect((await t.post(`/leads/${lead.id}/convert`, { project: 'yes' }, sales.token)).status).toBe(400);
      expect(await customersCount()).toBe(before);
      expect((await t.post(`/leads/${UNKNOWN_ID}/convert`, {}, manager.token)).status).toBe(404);
      expect((await t.post('/leads/nope/convert', {}, manager.token)).status).toBe(400);
    });

    it('a converted lead is kept; other leads soft-delete and managers restore them', async () => {
      const converted = await createLead();
      await advance(converted.id, 'negotiation');
      await t.post(`/leads/${converted.id}/convert`, {}, sales.token);
      expect((await t.delete(`/leads/${converted.id}`, sales.token)).status).toBe(409);

      const lead = await createLead({ first_name: 'Gone' });
      expect((await t.delete(`/leads/${lead.id}`, sales.token)).status).toBe(204);
      expect((await t.get(`/leads/${lead.id}`, sales.token)).status).toBe(404);
      expect((await t.post(`/leads/${lead.id}/restore`, {}, sales.token)).status).toBe(403);
      const restored = await t.post(`/leads/${lead.id}/restore`, {}, manager.token);
      expect(restored.body).toMatchObject({ id: lead.id, first_name: 'Gone' });
      expect((await t.get(`/leads/${lead.id}`, sales.token)).status).toBe(200);
    });
  });

  describe('sales pipeline report', () => {
    it('is for managers and admins only', async () => {
      expect((await t.get('/reports/sales-pipeline', sales.token)).status).toBe(403);
      expect((await t.get('/reports/sales-pipeline', tech.token)).status).toBe(403);
      expect((await t.get('/reports/sales-pipeline', admin)).status).toBe(200);
      expect((await t.get('/reports/sales-pipeline?created_from=soon', manager.token)).status).toBe(400);
      expect((await t.get('/reports/sales-pipeline?agent_id=1', manager.token)).status).toBe(400);
    });

    it('counts and sums estimated value by status and by agent for a fixture', async () => {
      await clockPast();
      const since = new Date().toISOString();
      const [ann, bob] = [await t.createUser('sales', { first_name: 'Ann', last_name: 'Agent' }), await t.createUser('sales', { first_name: 'Bob', last_name: 'Broker' })];
      await createLead({ estimated_value: 1000 }, ann.token);
      await createLead({ estimated_value: 250.5 }, ann.token);
      const contacted = await createLead({}, ann.token);
      await advance(contacted.id, 'contacted', ann.token);
      const deleted = await createLead({ estimated_value: 7 }, ann.token);
      await t.delete(`/leads/${deleted.id}`, ann.token);
      const deal = await createLead({ estimated_value: 5000 }, bob.token);
      await advance(deal.id, 'negotiation', bob.token);
      await createLead({ estimated_value: 99.99, agent_id: null }, manager.token);

      const report = await t.get(`/reports/sales-pipeline?created_from=${since}`, manager.token);
      expect(report.status).toBe(200);
      const zero = (status: string) => ({ status, count: 0, estimated_value: 0 });
      expect(report.body.by_status).toEqual([
        { status: 'new', count: 3, estimated_value: 1350.49 },
        { status: 'contacted', count: 1, estimated_value: 0 },
        zero('qualified'),
        zero('proposal'),
        { status: 'negotiation', count: 1, estimated_value: 5000 },
        zero('won'),
        zero('lost'),
      ]);
      expect(report.body.by_agent.map((row: Record<string, unknown>) => [row.agent_id, row.agent_name, row.count, row.estimated_value])).toEqual([
        [bob.id, 'Bob Broker', 1, 5000],
        [ann.id, 'Ann Agent', 3, 1250.5],
        [null, null, 1, 99.99],
      ]);
      expect(report.body.by_agent[1].by_status.slice(0, 2)).toEqual([
        { status: 'new', count: 2, estimated_value: 1250.5 },
        { status: 'contacted', count: 1, estimated_value: 0 },
      ]);
      expect(report.body.totals).toEqual({ count: 5, estimated_value: 6350.49 });

      const annOnly = await t.get(`/reports/sales-pipeline?created_from=${since}&agent_id=${ann.id}`, manager.token);
      expect(annOnly.body.totals).toEqual({ count: 3, estimated_value: 1250.5 });
    });
  });

  describe('department managers', () => {
    it("a manager with a department sees that department's agents' leads and unassigned ones; pipeline too", async () => {
      await clockPast();
      const since = new Date().toISOString();
      const eastManager = await t.createUser('manager', { department: 'East' });
      const [eastAgent, westAgent] = [await t.createUser('sales', { department: 'East' }), await t.createUser('sales', { department: 'West' })];
      const east = await createLead({ estimated_value: 100 }, eastAgent.token);
      const west = await createLead({ estimated_value: 900 }, westAgent.token);
      const open = await createLead({ estimated_value: 10, agent_id: null }, manager.token);

      const listed = await t.get(`/leads?limit=100&created_from=${since}`, eastManager.token);
      expect(ids(listed.body).sort()).toEqual([east.id, open.id].sort());
      expect((await t.get(`/leads/${west.id}`, eastManager.token)).status).toBe(404);
      expect((await t.patch(`/leads/${west.id}`, { notes: 'x' }, eastManager.token)).status).toBe(404);
      expect((await t.get(`/leads/${east.id}`, eastManager.token)).status).toBe(200);
      // The filter narrows, never widens.
      expect((await t.get(`/leads?agent_id=${westAgent.id}&created_from=${since}`, eastManager.token)).body.total).toBe(0);

      const report = await t.get(`/reports/sales-pipeline?created_from=${since}`, eastManager.token);
      expect(report.body.totals).toEqual({ count: 2, estimated_value: 110 });
      // A manager without a department (and an admin) sees the whole company.
      expect(ids((await t.get(`/leads?limit=100&created_from=${since}`, manager.token)).body)).toEqual(expect.arrayContaining([east.id, west.id, open.id]));
      expect((await t.get(`/reports/sales-pipeline?created_from=${since}`, admin)).body.totals).toEqual({ count: 3, estimated_value: 1010 });
    });
  });

  describe('OpenAPI', () => {
    it('documents nullable fields and enums of the CRM responses', async () => {
      const doc = (await t.get('/docs-json')).body;
      const lead = doc.components.schemas.LeadResponse.properties;
      // OAS 3.1: nullable is a type list (no 3.0 `nullable`).
      expect(lead.agent_id).toMatchObject({ type: ['string', 'null'] });
      expect(lead.status.enum).toEqual(['new', 'contacted', 'qualified', 'proposal', 'negotiation', 'won', 'lost']);
      expect(doc.components.schemas.CustomerResponse.properties.phone).toMatchObject({ type: ['string', 'null'] });
      expect(doc.paths['/leads/{id}/convert'].post).toBeDefined();
      expect(doc.paths['/reports/sales-pipeline'].get).toBeDefined();
    });
  });
});
