import { Types } from 'mongoose';
import { OutboxService } from '@app/events';
import { TestApp } from '../support/test-app';

describe('Outbox and feed GET /events (e2e)', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
  });
  afterAll(async () => {
    await t.stop();
  });

  const feed = async (query: string) => {
    const response = await t.get(`/events${query}`, admin);
    expect(response.status).toBe(200);
    return response.body as { data: { id: string; type: string; entity_id: string; actor_id: string | null; data: Record<string, unknown> }[]; next_after: string };
  };

  it('records each change once, in order, redacted like the audit trail, and pages with after', async () => {
    const start = Number((await feed('')).next_after);
    const created = await t.post('/customers', { name: 'Globex', email: 'ceo@globex.example', phone: '+14155550123' }, admin);
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect((await t.patch(`/customers/${id}`, { company_name: 'Globex Corp' }, admin)).status).toBe(200);
    expect((await t.delete(`/customers/${id}`, admin)).status).toBe(204);
    // Deleting again changes nothing, so it is no event.
    expect((await t.delete(`/customers/${id}`, admin)).status).toBe(404);

    const page = await feed(`?after=${start}&types=customer.*`);
    expect(page.data.map((event) => event.type)).toEqual(['customer.created', 'customer.updated', 'customer.deleted']);
    expect(page.data.every((event) => event.entity_id === id)).toBe(true);
    const ids = page.data.map((event) => Number(event.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(page.data[0].data).toMatchObject({ name: 'Globex', email: 'c***@globex.example', phone: '+1******0123' });
    expect(page.data[1].data).toEqual({ company_name: 'Globex Corp' });

    const one = await feed(`?after=${start}&types=customer.*&limit=1`);
    expect(one.data.map((event) => event.type)).toEqual(['customer.created']);
    const next = await feed(`?after=${one.next_after}&types=customer.*&limit=1`);
    expect(next.data.map((event) => event.type)).toEqual(['customer.updated']);

    const rows = await t.connection.collection('events').find({ entity_id: id }).toArray();
    expect(rows.map((row) => row.status)).toEqual(['committed', 'committed', 'committed']);
  });

  it('a card event carries no card data', async () => {
    const customer = (await t.post('/customers', { name: 'Card Holder' }, admin)).body;
    const start = Number((await feed('')).next_after);
    const card = await t.post(`/customers/${customer.id}/charge-details`, { card_holder: 'Card Holder', card_number: '4242424242424242', expiry_month: 12, expiry_year: 2040, cvv: '123' }, admin);
    expect(card.status).toBe(201);
    const page = await feed(`?after=${start}&types=card.added`);
    expect(page.data).toHaveLength(1);
    expect(page.data[0].data).toEqual({ customer_id: customer.id, is_default: true });
    expect(JSON.stringify(page.data)).not.toMatch(/4242|123"/);
  });

  it('answers 400 naming the valid types for an unknown one', async () => {
    const response = await t.get('/events?types=lead.exploded', admin);
    expect(response.status).toBe(400);
    expect(response.body.details[0]).toMatchObject({ field: 'types', message: expect.stringContaining('lead.created') });
  });

  it('a crash between the change and its commit is settled by the repair job: committed if the change happened, discarded if not', async () => {
    const outbox = t.app.get(OutboxService);
    const happened = new Types.ObjectId();
    const never = new Types.ObjectId();
    const draft = (id: Types.ObjectId) => ({
      key: `customer.created:${id.toHexString()}`,
      type: 'customer.created' as const,
      entity_type: 'customer',
      entity_id: id.toHexString(),
      actor_id: null,
      occurred_at: new Date(),
      data: { name: 'Crashed' },
      scope: {},
      confirm: { collection: 'customers', filter: { _id: id } },
    });
    // The process "dies" after the pending write (and, for one, after the change): nothing commits them.
    await outbox.begin([draft(happened), draft(never)]);
    await t.connection.collection('customers').insertOne({ _id: happened, name: 'Crashed', status: 'active', tags: [], created_at: new Date(), updated_at: new Date() });
    const start = Number((await feed('')).next_after);
    expect((await feed(`?after=${start}`)).data).toEqual([]);

    expect(await outbox.repairPending(new Date())).toEqual({ committed: 0, discarded: 0 });
    expect(await outbox.repairPending(new Date(Date.now() + 31_000))).toEqual({ committed: 1, discarded: 1 });
    const page = await feed(`?after=${start}`);
    expect(page.data.map((event) => [event.type, event.entity_id])).toEqual([['customer.created', happened.toHexString()]]);
    expect(await t.connection.collection('events').countDocuments({ entity_id: never.toHexString() })).toBe(0);
  });

  it('two edits racing from the same version are two events, each with its own fields; a dead edit is never published by a later one', async () => {
    const id = (await t.post('/customers', { name: 'Racing Co' }, admin)).body.id;
    const start = Number((await feed('')).next_after);
    const edits = await Promise.all([t.patch(`/customers/${id}`, { company_name: 'Edit A' }, admin), t.patch(`/customers/${id}`, { phone: '+14155550199' }, admin)]);
    expect(edits.map((edit) => edit.status)).toEqual([200, 200]);
    const raced = await feed(`?after=${start}&types=customer.updated`);
    expect(raced.data.map((event) => event.data).sort((a, b) => Object.keys(a)[0].localeCompare(Object.keys(b)[0]))).toEqual([{ company_name: 'Edit A' }, { phone: '+1******0199' }]);

    // An edit whose process died after its pending event, before its write; then another edit applies.
    const outbox = t.app.get(OutboxService);
    const current = await t.connection.collection('customers').findOne({ _id: new Types.ObjectId(id) });
    await outbox.begin([
      {
        key: `customer.updated:${id}:${new Types.ObjectId().toHexString()}`,
        type: 'customer.updated',
        entity_type: 'customer',
        entity_id: id,
        actor_id: null,
        occurred_at: new Date(),
        data: { company_name: 'Never applied' },
        scope: { customer_id: id },
        confirm: { collection: 'customers', filter: { _id: current!._id, updated_at: new Date(current!.updated_at.getTime() + 1) } },
      },
    ]);
    expect((await t.patch(`/customers/${id}`, { company_name: 'Applied' }, admin)).status).toBe(200);
    expect(await outbox.repairPending(new Date(Date.now() + 31_000))).toEqual({ committed: 0, discarded: 1 });
    const after = await feed(`?after=${raced.next_after}&types=customer.updated`);
    expect(after.data.map((event) => event.data)).toEqual([{ company_name: 'Applied' }]);
  });

  it('a reader never passes a position a writer may still fill; a hole older than the grace period is given up', async () => {
    const start = Number((await feed('')).next_after);
    const events = t.connection.collection('events');
    const base = { type: 'lead.created', entity_type: 'lead', entity_id: new Types.ObjectId().toHexString(), actor_id: null, occurred_at: new Date(), data: {}, scope: {}, status: 'committed' };
    // Position start+1 was handed out but its event is not written yet; start+2 is.
    await events.insertOne({ ...base, _id: `test:${start + 2}`, seq: start + 2, committed_at: new Date() } as never);
    await t.connection.collection('event_sequence').updateOne({ _id: 'events' as never }, { $set: { seq: start + 2 } });
    expect((await feed(`?after=${start}`)).data).toEqual([]);
    await events.updateOne({ _id: `test:${start + 2}` as never }, { $set: { committed_at: new Date(Date.now() - 11_000) } });
    expect((await feed(`?after=${start}`)).data.map((event) => event.id)).toEqual([String(start + 2)]);
  });
});
