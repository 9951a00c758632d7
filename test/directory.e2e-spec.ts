import { EventEmitter2 } from '@nestjs/event-emitter';
import { Types } from 'mongoose';
import { DomainEvent, NotifiableEvent } from '@app/common';
import { TestApp } from './support/test-app';

type User = Awaited<ReturnType<TestApp['createUser']>>;

const UNKNOWN_ID = new Types.ObjectId().toHexString();
const names = (page: { data: { name: string }[] }) => page.data.map((row) => row.name);

describe('Business directory (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let manager: User;
  let sales: User;
  let otherSales: User;
  let tech: User;
  const events: { name: string; payload: NotifiableEvent }[] = [];

  const leadsCount = () => t.connection.collection('leads').countDocuments();

  async function createEntry(body: Record<string, unknown>, token = sales.token) {
    const response = await t.post('/business-directory', body, token);
    if (response.status !== 201) throw new Error(`create entry: ${response.status} ${response.raw}`);
    return response.body;
  }

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    [manager, sales, otherSales, tech] = [await t.createUser('manager'), await t.createUser('sales'), await t.createUser('sales'), await t.createUser('tech')];
    t.app.get(EventEmitter2).on(DomainEvent.LeadAssigned, (payload: NotifiableEvent) => events.push({ name: DomainEvent.LeadAssigned, payload }));
  });
  afterAll(async () => {
    await t.stop();
  });

  describe('CRUD', () => {
    it('a sales user adds a prospect they work, with normalised industry and country', async () => {
      const response = await t.post(
        '/business-directory',
        {
          name: ' Harbour Dental ',
          industry: ' Dentistry ',
          country: 'ie',
          city: 'Dublin',
          website: 'https://harbour-dental.example',
          contact: { name: 'Dana Dent', email: 'DANA@harbour-dental.example', phone: '+35312345678', job_title: 'Owner' },
          description: 'Family dental practice by the harbour',
        },
        sales.token,
      );
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.any(String),
        name: 'Harbour Dental',
        industry: 'dentistry',
        country: 'IE',
        city: 'Dublin',
        website: 'https://harbour-dental.example',
        contact: { name: 'Dana Dent', email: 'dana@harbour-dental.example', phone: '+35312345678', job_title: 'Owner' },
        description: 'Family dental practice by the harbour',
        status: 'new',
        agent_id: sales.id,
        contacted_at: null,
        converted_lead_id: null,
        converted_at: null,
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
    });

    it('validates country, URL, contact phone and status with field errors', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ name: 'X', country: 'Ireland' }, 'country'],
        [{ name: 'X', website: 'javascript:alert(1)' }, 'website'],
        [{ name: 'X', contact: { phone: '01 234 5678' } }, 'contact.phone'],
        [{ name: 'X', contact: { email: 'nope' } }, 'contact.email'],
        [{ name: 'X', status: 'converted' }, 'status'],
        [{ name: '' }, 'name'],
        [{ name: 'X', agent_id: 'abc' }, 'agent_id'],
      ];
      for (const [body, field] of cases) {
        const response = await t.post('/business-directory', body, sales.token);
        expect([field, response.status, response.body.details?.[0]?.field]).toEqual([field, 400, field]);
      }
      expect((await t.post('/business-directory', { name: 'X' }, tech.token)).status).toBe(403);
    });

    it('agents: sales users assign only themselves; managers assign active sales users', async () => {
      expect((await t.post('/business-directory', { name: 'X', agent_id: otherSales.id }, sales.token)).status).toBe(403);
      expect((await t.post('/business-directory', { name: 'X', agent_id: manager.id }, manager.token)).body.details).toEqual([
        { field: 'agent_id', message: 'must reference an active sales user' },
      ]);
      const assigned = await createEntry({ name: 'Assigned Co', agent_id: otherSales.id }, manager.token);
      expect(assigned.agent_id).toBe(otherSales.id);
      const open = await createEntry({ name: 'Open Co' }, manager.token);
      expect(open.agent_id).toBeNull();

      // Everyone on the sales team reads every entry; only its agent (or anyone, while unassigned) works it.
      expect((await t.get(`/business-directory/${assigned.id}`, sales.token)).status).toBe(200);
      expect((await t.patch(`/business-directory/${assigned.id}`, { city: 'Cork' }, sales.token)).status).toBe(403);
      expect((await t.patch(`/business-directory/${open.id}`, { agent_id: otherSales.id }, sales.token)).status).toBe(403);
      const claimed = await t.patch(`/business-directory/${open.id}`, { agent_id: sales.id }, sales.token);
      expect(claimed.body.agent_id).toBe(sales.id);
      const moved = await t.patch(`/business-directory/${open.id}`, { agent_id: otherSales.id }, manager.token);
      expect(moved.body.agent_id).toBe(otherSales.id);
    });

    it('leaving new stamps contacted_at once; null clears optional fields', async () => {
      const entry = await createEntry({ name: 'Stamp Co', city: 'Oslo' });
      const contacted = await t.patch(`/business-directory/${entry.id}`, { status: 'contacted', city: null }, sales.token);
      expect(contacted.status).toBe(200);
      expect(contacted.body).toMatchObject({ status: 'contacted', city: null, contacted_at: expect.any(String) });
      const notInterested = await t.patch(`/business-directory/${entry.id}`, { status: 'not_interested' }, sales.token);
      expect(notInterested.body.contacted_at).toBe(contacted.body.contacted_at);
      expect((await t.patch(`/business-directory/${entry.id}`, { status: 'converted' }, sales.token)).status).toBe(400);
    });

    it('managers delete unconverted entries; ids are validated', async () => {
      const entry = await createEntry({ name: 'Delete Me' });
      expect((await t.delete(`/business-directory/${entry.id}`, sales.token)).status).toBe(403);
      expect((await t.delete(`/business-directory/${entry.id}`, manager.token)).status).toBe(204);
      expect((await t.get(`/business-directory/${entry.id}`, sales.token)).status).toBe(404);
      expect((await t.delete(`/business-directory/${entry.id}`, manager.token)).status).toBe(404);
      expect((await t.get('/business-directory/123', sales.token)).status).toBe(400);
      expect((await t.get(`/business-directory/${UNKNOWN_ID}`, sales.token)).status).toBe(404);
      expect((await t.patch(`/business-directory/${UNKNOWN_ID}`, { city: 'x' }, sales.token)).status).toBe(404);
      expect((await t.post(`/business-directory/${UNKNOWN_ID}/convert-to-lead`, {}, sales.token)).status).toBe(404);
    });
  });

  describe('filters and search', () => {
    let sourdough: { id: string };
    let crumb: { id: string };
    let pipes: { id: string };

    beforeAll(async () => {
      // The name match is created first, so newest-first order alone would list it last.
      sourdough = await createEntry({ name: 'Sourdough House', industry: 'Bakery', country: 'FR', description: 'Neighbourhood bakery with a wood oven' });
      crumb = await createEntry({ name: 'Crumb & Co', industry: 'Bakery', country: 'DE', description: 'Artisan sourdough bread and pastries', status: 'contacted' });
      pipes = await createEntry({ name: 'Northwind Plumbing', industry: 'Plumbing', country: 'DE', description: 'Emergency repairs (24/7) for homes' });
    });

    it('filters by industry, country and status', async () => {
      const list = async (query: string) => (await t.get(`/business-directory?limit=100&${query}`, sales.token)).body;
      expect(names(await list('industry=BAKERY')).sort()).toEqual(['Crumb & Co', 'Sourdough House']);
      expect(names(await list('country=de&industry=bakery'))).toEqual(['Crumb & Co']);
      expect(names(await list('country=DE&status=new'))).toEqual(['Northwind Plumbing']);
      expect((await list('industry=bakery&status=contacted')).total).toBe(1);
      for (const query of ['country=Germany', 'status=hot', 'agent_id=x', 'sort=score', 'limit=0', 'page=99999999999']) {
        expect([query, (await t.get(`/business-directory?${query}`, sales.token)).status]).toEqual([query, 400]);
      }
    });

    it('finds a business by a word in its description and by its industry', async () => {
      const byDescription = await t.get('/business-directory?q=artisan', sales.token);
      expect(byDescription.status).toBe(200);
      expect(byDescription.body).toMatchObject({ total: 1, page: 1, next_cursor: null });
      expect(byDescription.body.data[0].id).toBe(crumb.id);
      expect(names((await t.get('/business-directory?q=plumbing', sales.token)).body)).toEqual(['Northwind Plumbing']);
      expect(names((await t.get('/business-directory?q=Emergency', sales.token)).body)).toEqual(['Northwind Plumbing']);
    });

    it('ranks the name match first, then the rest', async () => {
      const response = await t.get('/business-directory?q=sourdough', sales.token);
      expect(response.body.data.map((row: { id: string }) => row.id)).toEqual([sourdough.id, crumb.id]);
      expect(response.body.total).toBe(2);
      // Ranking holds across pages.
      const second = await t.get('/business-directory?q=sourdough&limit=1&page=2', sales.token);
      expect(second.body.data.map((row: { id: string }) => row.id)).toEqual([crumb.id]);
      expect(second.body).toMatchObject({ total: 2, page: 2, limit: 1 });
      // Filters narrow the search.
      expect(names((await t.get('/business-directory?q=sourdough&country=DE', sales.token)).body)).toEqual(['Crumb & Co']);
    });

    it('treats odd search strings as text (200) and bad combinations as 400, never 500', async () => {
      for (const q of ['(24/7)', '.*', '$where', '"unbalanced', 'a\\b', '[a-z]+', '%00', '😀', '-sourdough']) {
        const response = await t.get(`/business-directory?q=${encodeURIComponent(q)}`, sales.token);
        expect([q, response.status]).toEqual([q, 200]);
      }
      expect(names((await t.get(`/business-directory?q=${encodeURIComponent('(24/7)')}`, sales.token)).body)).toEqual(['Northwind Plumbing']);
      expect((await t.get('/business-directory?q=.*', sales.token)).body.total).toBe(0);
      expect((await t.get(`/business-directory?q=${'x'.repeat(201)}`, sales.token)).status).toBe(400);
      expect((await t.get('/business-directory?q=%20%20', sales.token)).status).toBe(400);
      expect((await t.get('/business-directory?q[$ne]=x', sales.token)).status).toBe(400);
      expect((await t.get('/business-directory?q=bakery&cursor=abc', sales.token)).status).toBe(400);
      expect((await t.get('/business-directory?q=bakery&sort=password', sales.token)).status).toBe(400);
      expect((await t.get('/business-directory?q=bakery&populate=secrets', sales.token)).status).toBe(400);
    });

    it('pins the round trips of list, search and detail', async () => {
      const list = await t.withCommands(() => t.get('/business-directory?limit=100&populate=agent', sales.token));
      expect(list.response.status).toBe(200);
      expect(list.commands).toEqual(['aggregate business_directories', 'find business_directories', 'find users', 'find users']);

      const search = await t.withCommands(() => t.get('/business-directory?q=bakery&populate=agent', sales.token));
      expect(search.response.body.data[0].agent).toMatchObject({ id: sales.id, role: 'sales' });
      expect(search.commands).toEqual(['aggregate business_directories', 'find users', 'find users']);

      const detail = await t.withCommands(() => t.get(`/business-directory/${pipes.id}`, sales.token));
      expect(detail.response.body.id).toBe(pipes.id);
      expect(detail.commands).toEqual(['find business_directories', 'find users']);
    });
  });

  describe('conversion to a lead', () => {
    it('makes one lead linked both ways; converting twice returns the same lead', async () => {
      const entry = await createEntry({
        name: 'Lighthouse Cafe',
        website: 'https://lighthouse.example',
        contact: { name: 'Liam Light House', email: 'liam@lighthouse.example', phone: '+3538712345' },
        description: 'Seaside cafe',
      });
      const before = await leadsCount();
      const first = await t.post(`/business-directory/${entry.id}/convert-to-lead`, { priority: 'high', estimated_value: 2500 }, sales.token);
      expect(first.status).toBe(200);
      expect(first.body.already_converted).toBe(false);
      expect(first.body.lead).toMatchObject({
        first_name: 'Liam',
        last_name: 'Light House',
        email: 'liam@lighthouse.example',
        phone: '+3538712345',
        company_name: 'Lighthouse Cafe',
        website: 'https://lighthouse.example',
        notes: 'Seaside cafe',
        source: 'business_directory',
        status: 'new',
        priority: 'high',
        estimated_value: 2500,
        agent_id: sales.id,
        directory_id: entry.id,
        job_title: null,
        lost_reason: null,
        next_follow_up_at: null,
        converted_customer_id: null,
        converted_project_id: null,
        converted_at: null,
      });
      expect(first.body.entry).toMatchObject({ id: entry.id, status: 'converted', converted_lead_id: first.body.lead.id, converted_at: expect.any(String), contacted_at: expect.any(String) });
      expect(await leadsCount()).toBe(before + 1);

      const second = await t.post(`/business-directory/${entry.id}/convert-to-lead`, {}, sales.token);
      expect(second.status).toBe(200);
      expect(second.body.already_converted).toBe(true);
      expect(second.body.lead.id).toBe(first.body.lead.id);
      expect(await leadsCount()).toBe(before + 1);

      const lead = await t.get(`/leads/${first.body.lead.id}?populate=directory`, sales.token);
      expect(lead.body.directory).toEqual({ id: entry.id, name: 'Lighthouse Cafe', industry: null, country: null, status: 'converted' });
      const withLead = await t.withCommands(() => t.get(`/business-directory/${entry.id}?populate=lead,agent`, sales.token));
      expect(withLead.response.body.lead).toEqual({ id: first.body.lead.id, first_name: 'Liam', last_name: 'Light House', company_name: 'Lighthouse Cafe', status: 'new' });
      expect(withLead.commands).toEqual(['find business_directories', 'find leads', 'find users', 'find users']);
    });

    it('a converted entry keeps its status and cannot be deleted', async () => {
      const entry = await createEntry({ name: 'Kept Co' });
      await t.post(`/business-directory/${entry.id}/convert-to-lead`, {}, sales.token);
      const reopen = await t.patch(`/business-directory/${entry.id}`, { status: 'contacted' }, sales.token);
      expect(reopen.status).toBe(409);
      expect(reopen.body.message).toContain('stays converted');
      expect((await t.patch(`/business-directory/${entry.id}`, { city: 'Bergen' }, sales.token)).status).toBe(200);
      expect((await t.delete(`/business-directory/${entry.id}`, manager.token)).status).toBe(409);
    });

    it("a manager converting an agent's prospect notifies the agent; sales users cannot convert others' prospects", async () => {
      const entry = await createEntry({ name: 'Notify Co' }, otherSales.token);
      expect((await t.post(`/business-directory/${entry.id}/convert-to-lead`, {}, sales.token)).status).toBe(403);
      events.length = 0;
      const converted = await t.post(`/business-directory/${entry.id}/convert-to-lead`, {}, manager.token);
      expect(converted.body.lead.agent_id).toBe(otherSales.id);
      expect(events).toEqual([
        {
          name: DomainEvent.LeadAssigned,
          payload: { recipient_ids: [otherSales.id], actor_id: manager.id, entity_type: 'lead', entity_id: converted.body.lead.id, data: { lead_name: 'Notify Co', assigned_by: 'manager Tester' } },
        },
      ]);
      // The lead belongs to its agent: another sales user still cannot see it.
      expect((await t.get(`/leads/${converted.body.lead.id}`, sales.token)).status).toBe(404);

      const unassigned = await createEntry({ name: 'Nobody Co' }, manager.token);
      const claimed = await t.post(`/business-directory/${unassigned.id}/convert-to-lead`, {}, sales.token);
      expect(claimed.body.lead.agent_id).toBe(sales.id);
      expect(claimed.body.entry.agent_id).toBe(sales.id);
      expect((await t.post(`/business-directory/${UNKNOWN_ID}/convert-to-lead`, { estimated_value: -1 }, manager.token)).status).toBe(400);
      expect((await t.post(`/business-directory/${unassigned.id}/convert-to-lead`, { agent_id: 'x' }, manager.token)).status).toBe(400);
    });
  });

  describe('agent performance report', () => {
    it('is for managers and admins only', async () => {
      expect((await t.get('/reports/directory-conversions', sales.token)).status).toBe(403);
      expect((await t.get('/reports/directory-conversions', tech.token)).status).toBe(403);
      expect((await t.get('/reports/directory-conversions', admin)).status).toBe(200);
      expect((await t.get('/reports/directory-conversions?country=Narnia', manager.token)).status).toBe(400);
    });

    it('counts prospects contacted and converted and the conversion rate per agent, for a fixture', async () => {
      const industry = 'report-fixture';
      const [ann, bob] = [await t.createUser('sales', { first_name: 'Ann', last_name: 'Agent' }), await t.createUser('sales', { first_name: 'Bob', last_name: 'Broker' })];
      await createEntry({ name: 'A1', industry }, ann.token);
      await createEntry({ name: 'A2', industry, status: 'contacted' }, ann.token);
      for (const name of ['A3', 'A4']) {
        const entry = await createEntry({ name, industry }, ann.token);
        expect((await t.post(`/business-directory/${entry.id}/convert-to-lead`, {}, ann.token)).status).toBe(200);
      }
      await createEntry({ name: 'B1', industry, status: 'not_interested' }, bob.token);
      await createEntry({ name: 'B2', industry }, bob.token);
      await createEntry({ name: 'U1', industry }, manager.token);

      const report = await t.get(`/reports/directory-conversions?industry=${industry}`, manager.token);
      expect(report.status).toBe(200);
      expect(report.body).toEqual({
        by_agent: [
          { agent_id: ann.id, agent_name: 'Ann Agent', prospects: 4, contacted: 3, converted: 2, not_interested: 0, conversion_rate: 0.6667 },
          { agent_id: bob.id, agent_name: 'Bob Broker', prospects: 2, contacted: 1, converted: 0, not_interested: 1, conversion_rate: 0 },
          { agent_id: null, agent_name: null, prospects: 1, contacted: 0, converted: 0, not_interested: 0, conversion_rate: 0 },
        ],
        totals: { prospects: 7, contacted: 4, converted: 2, not_interested: 1, conversion_rate: 0.5 },
      });
    });

    it("a manager with a department sees only that department's agents (and unassigned prospects)", async () => {
      const industry = 'department-report';
      const eastManager = await t.createUser('manager', { department: 'East' });
      const [east, west] = [await t.createUser('sales', { department: 'East' }), await t.createUser('sales', { department: 'West' })];
      await createEntry({ name: 'E1', industry, status: 'contacted' }, east.token);
      await createEntry({ name: 'W1', industry, status: 'contacted' }, west.token);
      await createEntry({ name: 'U1', industry }, manager.token);

      const scoped = await t.get(`/reports/directory-conversions?industry=${industry}`, eastManager.token);
      expect(scoped.body.by_agent.map((row: { agent_id: string | null }) => row.agent_id)).toEqual([east.id, null]);
      expect(scoped.body.totals).toMatchObject({ prospects: 2, contacted: 1 });
      expect((await t.get(`/reports/directory-conversions?industry=${industry}`, manager.token)).body.totals).toMatchObject({ prospects: 3, contacted: 2 });
    });
  });

  it('documents the directory in OpenAPI with nullable fields and enums', async () => {
    const doc = (await t.get('/docs-json')).body;
    const entry = doc.components.schemas.DirectoryEntryResponse.properties;
    expect(entry.agent_id).toMatchObject({ type: ['string', 'null'] });
    expect(entry.status.enum).toEqual(['new', 'contacted', 'converted', 'not_interested']);
    expect(doc.paths['/business-directory'].get.parameters.map((p: { name: string }) => p.name)).toContain('q');
    expect(doc.paths['/reports/directory-conversions'].get).toBeDefined();
  });
});
