import { TestApp } from './support/test-app';

/** The shared list helper, exercised on the users list (every list endpoint runs the same code). */
describe('List queries on /users (e2e)', () => {
  let t: TestApp;
  let admin: string;
  const created: { id: string; email: string; role: string }[] = [];

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    const roles = ['sales', 'sales', 'tech', 'support', 'tech', 'sales', 'manager'];
    for (const [i, role] of roles.entries()) {
      const email = `list.${String.fromCharCode(103 - i)}${i}@logic.camp`; // descending letters: email order ≠ creation order
      const response = await t.post('/users', { first_name: 'List', last_name: `User ${i}`, email, password: 'Str0ng-Passw0rd!', role, department: i % 2 ? 'north' : 'south' }, admin);
      expect(response.status).toBe(201);
      created.push({ id: response.body.id, email, role });
    }
  });
  afterAll(async () => {
    await t.stop();
  });

  it('filters on whitelisted fields and reports the total', async () => {
    const sales = await t.get('/users?role=sales&limit=100', admin);
    expect(sales.status).toBe(200);
    expect(sales.body.total).toBe(3);
    expect(sales.body.data.every((user: { role: string }) => user.role === 'sales')).toBe(true);

    const northTech = await t.get('/users?role=tech&department=north', admin);
    expect(northTech.body.data.map((user: { email: string }) => user.email).sort()).toEqual(created.filter((u, i) => u.role === 'tech' && i % 2).map((u) => u.email).sort());
    expect((await t.get('/users?search=LIST.A', admin)).body.total).toBe(1);
  });

  it('sorts on whitelisted fields, both directions', async () => {
    const ascending = await t.get('/users?search=list.&sort=email&limit=100', admin);
    const emails = ascending.body.data.map((user: { email: string }) => user.email);
    expect(emails).toEqual([...emails].sort());
    expect(emails).toHaveLength(created.length);
    const descending = await t.get('/users?search=list.&sort=-email&limit=100', admin);
    expect(descending.body.data.map((user: { email: string }) => user.email)).toEqual([...emails].reverse());
  });

  it('refuses filters, sorts and limits outside the whitelist with 400 naming the parameter', async () => {
    const unknownFilter = await t.get('/users?password_hash=x', admin);
    expect(unknownFilter.status).toBe(400);
    expect(JSON.stringify(unknownFilter.body.details)).toContain('password_hash');

    const unknownSort = await t.get('/users?sort=password_hash', admin);
    expect(unknownSort.status).toBe(400);
    expect(JSON.stringify(unknownSort.body)).toContain('sort');

    const tooMany = await t.get('/users?limit=101', admin);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.details).toEqual([expect.objectContaining({ field: 'limit' })]);
    expect((await t.get('/users?populate=password', admin)).status).toBe(400);
  });

  it('pages with page/limit without overlap', async () => {
    const first = await t.get('/users?search=list.&sort=email&limit=3&page=1', admin);
    const second = await t.get('/users?search=list.&sort=email&limit=3&page=2', admin);
    expect(first.body).toMatchObject({ page: 1, limit: 3, total: created.length });
    const ids = [...first.body.data, ...second.body.data].map((user: { id: string }) => user.id);
    expect(new Set(ids).size).toBe(6);
  });

  it('cursor pagination visits every document exactly once, in order', async () => {
    for (const sort of ['email', '-created_at']) {
      const visited: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const url: string = `/users?search=list.&sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await t.get(url, admin);
        expect(page.status).toBe(200);
        visited.push(...page.body.data.map((user: { id: string }) => user.id));
        cursor = page.body.next_cursor;
        pages++;
      } while (cursor && pages < 20);
      expect(visited.sort()).toEqual(created.map((u) => u.id).sort());
      expect(pages).toBe(Math.ceil(created.length / 2));
    }
    expect((await t.get('/users?cursor=not-a-real-cursor', admin)).status).toBe(400);
  });
});
