import { EventEmitter2 } from '@nestjs/event-emitter';
import { Types } from 'mongoose';
import { DomainEvent, DomainEvents, NotifiableEvent } from '@app/common';
import { DEFAULT_NOTIFICATION_TYPES, NotificationsService, NotificationTypesService } from '@app/notifications';
import { TestApp } from './support/test-app';

type User = { id: string; token: string };

describe('Notifications (e2e)', () => {
  let t: TestApp;
  let events: EventEmitter2;
  let admin: string;
  let alice: User;
  let bob: User;
  let maya: User;

  const newId = () => new Types.ObjectId().toHexString();
  const countNotifications = () => t.connection.collection('notifications').countDocuments();
  const mention = (recipients: string[], overrides: Partial<NotifiableEvent> = {}): NotifiableEvent => ({
    recipient_ids: recipients,
    actor_id: maya.id,
    entity_type: 'message',
    entity_id: newId(),
    data: { sender_name: 'Maya Manager', excerpt: 'can you review the homepage copy?', project_name: 'Acme Website', unused: 'ignored' },
    ...overrides,
  });
  const inbox = async (user: User, query = '') => (await t.get(`/notifications${query}`, user.token)).body;

  beforeAll(async () => {
    t = await TestApp.start();
    events = t.app.get(EventEmitter2);
    admin = await t.adminToken();
    [alice, bob, maya] = [await t.createUser('tech'), await t.createUser('sales'), await t.createUser('manager')];
  });
  afterAll(async () => {
    await t.stop();
  });

  describe('from domain events', () => {
    it('a mention of two users gives each one rendered notification, and none to the author', async () => {
      const event = mention([alice.id, bob.id, alice.id, maya.id]);
      await events.emitAsync(DomainEvent.MessageMentioned, event);

      for (const user of [alice, bob]) {
        const page = await inbox(user);
        expect(page.total).toBe(1);
        expect(page.data[0]).toEqual({
          id: expect.any(String),
          type: 'mention',
          title: 'Maya Manager mentioned you',
          body: 'Maya Manager mentioned you in Acme Website: "can you review the homepage copy?"',
          entity_type: 'message',
          entity_id: event.entity_id,
          is_read: false,
          read_at: null,
          created_at: expect.any(String),
        });
      }
      expect((await inbox(maya)).total).toBe(0);
    });

    it('a template placeholder missing from the data raises an error naming it and creates nothing', async () => {
      const before = await countNotifications();
      const event: NotifiableEvent = { recipient_ids: [alice.id, bob.id], actor_id: maya.id, entity_type: 'lead', entity_id: newId(), data: { lead_name: 'Globex' } };
      await expect(t.app.get(NotificationsService).notifyFromEvent('lead_assigned', event)).rejects.toThrow(/\{\{assigned_by\}\}/);

      // The listener does not swallow it: the bus hands it to the emitter, and DomainEvents logs it.
      await expect(events.emitAsync(DomainEvent.LeadAssigned, event)).rejects.toThrow(/\{\{assigned_by\}\}/);
      const payload = event as NotifiableEvent<{ lead_name: string; assigned_by: string }>;
      await t.app.get(DomainEvents).record([{ name: DomainEvent.LeadAssigned, payload, confirm: { collection: 'leads', filter: { _id: null } } }], async () => 'assigned');
      expect(t.logs.join('\n')).toContain('a listener of lead.assigned failed after the operation committed');
      expect(await countNotifications()).toBe(before);
    });

    it('an inactive type notifies nobody', async () => {
      const taskType = await t.connection.collection('notification_types').findOne({ key: 'task_assigned' });
      expect((await t.patch(`/notification-types/${taskType!._id}`, { is_active: false }, admin)).status).toBe(200);
      const before = await countNotifications();
      await events.emitAsync(DomainEvent.TaskAssigned, { recipient_ids: [alice.id], actor_id: maya.id, entity_type: 'task', entity_id: newId(), data: { task_title: 'Fix footer', project_name: 'Acme Website' } });
      expect(await countNotifications()).toBe(before);
      expect((await t.patch(`/notification-types/${taskType!._id}`, { is_active: true }, admin)).status).toBe(200);
    });
  });

  describe('the inbox', () => {
    it('counts unread, marks one read, then all read', async () => {
      await events.emitAsync(DomainEvent.TaskAssigned, {
        recipient_ids: [alice.id],
        actor_id: maya.id,
        entity_type: 'task',
        entity_id: newId(),
        data: { task_title: 'Fix the footer', project_name: 'Acme Website' },
      });
      const page = await inbox(alice);
      expect(page.data.map((n: { title: string }) => n.title)).toEqual(['New task: Fix the footer', 'Maya Manager mentioned you']); // newest first
      expect((await t.get('/notifications/unread-count', alice.token)).body).toEqual({ count: 2 });

      const read = await t.patch(`/notifications/${page.data[0].id}/read`, {}, alice.token);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ is_read: true, read_at: expect.any(String) });
      const again = await t.patch(`/notifications/${page.data[0].id}/read`, {}, alice.token);
      expect(again.body.read_at).toBe(read.body.read_at);
      expect((await t.get('/notifications/unread-count', alice.token)).body).toEqual({ count: 1 });
      expect((await inbox(alice, '?is_read=false')).data.map((n: { type: string }) => n.type)).toEqual(['mention']);
      expect((await inbox(alice, '?is_read=true')).data.map((n: { type: string }) => n.type)).toEqual(['task_assigned']);

      const all = await t.post('/notifications/read-all', {}, alice.token);
      expect(all.status).toBe(200);
      expect(all.body).toEqual({ count: 1 });
      expect((await t.get('/notifications/unread-count', alice.token)).body).toEqual({ count: 0 });
      expect((await t.post('/notifications/read-all', {}, alice.token)).body).toEqual({ count: 0 });
      // Bob's stay unread.
      expect((await t.get('/notifications/unread-count', bob.token)).body).toEqual({ count: 1 });
    });

    it("another user's notification is not found: not readable, markable or deletable", async () => {
      const [bobs] = (await inbox(bob)).data;
      expect((await t.get(`/notifications/${bobs.id}`, alice.token)).status).toBe(404);
      expect((await t.patch(`/notifications/${bobs.id}/read`, {}, alice.token)).status).toBe(404);
      expect((await t.delete(`/notifications/${bobs.id}`, alice.token)).status).toBe(404);
      expect((await t.get(`/notifications/${bobs.id}`, bob.token)).body).toMatchObject({ id: bobs.id, is_read: false });

      expect((await t.delete(`/notifications/${bobs.id}`, bob.token)).status).toBe(204);
      expect((await t.get(`/notifications/${bobs.id}`, bob.token)).status).toBe(404);
      expect((await t.delete(`/notifications/${bobs.id}`, bob.token)).status).toBe(404);
    });

    it('is documented in the OpenAPI document', async () => {
      const docs = (await t.get('/docs-json')).body;
      expect(Object.keys(docs.paths)).toEqual(expect.arrayContaining(['/notifications', '/notifications/unread-count', '/notifications/read-all', '/notifications/{id}/read', '/notifications/{id}', '/notification-types', '/notification-types/{id}']));
      expect(Object.keys(docs.components.schemas.NotificationResponse.properties)).toEqual(expect.arrayContaining(['id', 'type', 'title', 'body', 'entity_type', 'entity_id', 'is_read', 'read_at', 'created_at']));
      expect(docs.components.schemas.CreateNotificationTypeDto.required).toEqual(expect.arrayContaining(['key', 'name', 'title_template', 'body_template']));
    });

    it('requires a signed-in user', async () => {
      expect((await t.get('/notifications')).status).toBe(401);
    });
  });

  describe('notification types', () => {
    it('are seeded once, idempotently, without overwriting an admin edit', async () => {
      const types = t.connection.collection('notification_types');
      expect(await types.countDocuments()).toBe(DEFAULT_NOTIFICATION_TYPES.length);
      const mentionType = await types.findOne({ key: 'mention' });
      const edited = await t.patch(`/notification-types/${mentionType!._id}`, { title_template: '{{sender_name}} needs you' }, admin);
      expect(edited.status).toBe(200);

      const seeder = t.app.get(NotificationTypesService);
      expect(await seeder.seedDefaults()).toEqual({ inserted: 0 });
      expect(await seeder.seedDefaults()).toEqual({ inserted: 0 });
      expect(await types.countDocuments()).toBe(DEFAULT_NOTIFICATION_TYPES.length);
      expect((await types.findOne({ key: 'mention' }))!.title_template).toBe('{{sender_name}} needs you');

      await types.deleteOne({ key: 'upsell_paid' });
      expect(await seeder.seedDefaults()).toEqual({ inserted: 1 });
      expect(await types.countDocuments()).toBe(DEFAULT_NOTIFICATION_TYPES.length);
    });

    it('admins create, read, update and delete custom types; templates are validated', async () => {
      const body = { key: 'invoice_overdue', name: 'Invoice overdue', title_template: 'Invoice {{invoice_number}} is overdue', body_template: '{{customer_name}} owes {{amount}}.' };
      const bad = await t.post('/notification-types', { ...body, title_template: 'Invoice {{Invoice-Number}} is overdue {{}}' }, admin);
      expect(bad.status).toBe(400);
      expect(bad.body.details).toEqual([{ field: 'title_template', message: expect.stringContaining('fix {{Invoice-Number}}, {{}}') }]);

      const created = await t.post('/notification-types', body, admin);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ ...body, is_active: true, description: null, available_placeholders: null });
      expect((await t.post('/notification-types', body, admin)).status).toBe(409);
      expect((await t.get(`/notification-types/${created.body.id}`, admin)).body.key).toBe('invoice_overdue');
      const list = await t.get('/notification-types?limit=100', admin);
      expect(list.body.data.map((type: { key: string }) => type.key)).toContain('invoice_overdue');

      const updated = await t.patch(`/notification-types/${created.body.id}`, { name: 'Overdue invoice', is_active: false }, admin);
      expect(updated.body).toMatchObject({ name: 'Overdue invoice', is_active: false, key: 'invoice_overdue' });
      expect((await t.patch(`/notification-types/${created.body.id}`, { key: 'renamed' }, admin)).status).toBe(400);

      expect((await t.delete(`/notification-types/${created.body.id}`, admin)).status).toBe(204);
      expect((await t.get(`/notification-types/${created.body.id}`, admin)).status).toBe(404);

      // Admin changes to templates are in the audit trail.
      const audited = await t.connection.collection('activity_logs').find({ entity_type: 'notification_type', entity_id: new Types.ObjectId(created.body.id) }).toArray();
      expect(audited.map((log) => log.action)).toEqual(['create', 'update', 'delete']);
      expect(audited[1].changed_fields).toEqual(['is_active', 'name']);
    });

    it('a built-in type may only use the placeholders its event provides, and is switched off rather than deleted', async () => {
      const lead = (await t.get('/notification-types?limit=100', admin)).body.data.find((type: { key: string }) => type.key === 'lead_assigned');
      expect(lead.available_placeholders).toEqual(['lead_name', 'assigned_by']);
      const unknown = await t.patch(`/notification-types/${lead.id}`, { body_template: 'Call {{customer_phone}} about {{lead_name}}' }, admin);
      expect(unknown.status).toBe(400);
      expect(unknown.body.message).toBe('body_template uses {{customer_phone}}, which lead_assigned events do not provide; available: lead_name, assigned_by');
      expect((await t.delete(`/notification-types/${lead.id}`, admin)).status).toBe(409);
    });

    it('are for admins only', async () => {
      expect((await t.get('/notification-types', maya.token)).status).toBe(403);
      expect((await t.post('/notification-types', {}, alice.token)).status).toBe(403);
    });
  });

  describe('database round trips', () => {
    // Pinned per endpoint: a per-row lookup (N+1) would show up as a repeated command.
    let reader: User;
    let notificationId: string;
    let typeId: string;
    beforeAll(async () => {
      reader = await t.createUser('support');
      for (const entity_type of ['message', 'task', 'lead', 'project']) {
        await events.emitAsync(DomainEvent.MessageMentioned, mention([reader.id], { entity_type }));
      }
      const page = await inbox(reader);
      expect(page.total).toBe(4);
      notificationId = page.data[0].id;
      await t.patch(`/notifications/${notificationId}/read`, {}, reader.token);
      typeId = (await t.get('/notification-types?limit=1', admin)).body.data[0].id;
    });

    it.each([
      ['GET /notifications', () => '/notifications?limit=100', ['find notifications', 'aggregate notifications']],
      ['GET /notifications?is_read=false&type=mention', () => '/notifications?is_read=false&type=mention&limit=100', ['find notifications', 'aggregate notifications']],
      ['GET /notifications/unread-count', () => '/notifications/unread-count', ['aggregate notifications']],
      ['GET /notifications/:id', () => `/notifications/${notificationId}`, ['find notifications']],
    ])('%s', async (_name, url, expected) => {
      // Plus the signed-in user's own lookup.
      const { response, commands } = await t.withCommands(() => t.get(url(), reader.token));
      expect(response.status).toBe(200);
      expect(commands).toEqual([...expected, 'find users'].sort());
    });

    it.each([
      ['GET /notification-types', () => '/notification-types?limit=100', ['find notification_types', 'aggregate notification_types']],
      ['GET /notification-types?is_active=true', () => '/notification-types?is_active=true&sort=-updated_at', ['find notification_types', 'aggregate notification_types']],
      ['GET /notification-types/:id', () => `/notification-types/${typeId}`, ['find notification_types']],
    ])('%s (admin)', async (_name, url, expected) => {
      const { response, commands } = await t.withCommands(() => t.get(url(), admin));
      expect(response.status).toBe(200);
      expect(commands).toEqual([...expected, 'find users'].sort());
    });

    it('the pinned lists hold several rows', async () => {
      expect((await t.get('/notifications/unread-count', reader.token)).body).toEqual({ count: 3 });
      expect((await t.get('/notification-types?limit=100', admin)).body.data.length).toBeGreaterThan(3);
    });
  });

  describe('clean-up', () => {
    it('purgeOld deletes read notifications older than the retention, keeping unread and recent ones', async () => {
      const collection = t.connection.collection('notifications');
      const now = new Date();
      const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 3600 * 1000);
      const base = { user_id: new Types.ObjectId(alice.id), type: 'mention', title: 't', body: 'b', entity_type: 'message', entity_id: new Types.ObjectId() };
      const { insertedIds } = await collection.insertMany([
        { ...base, is_read: true, read_at: daysAgo(31), created_at: daysAgo(31) },
        { ...base, is_read: false, read_at: null, created_at: daysAgo(31) },
        { ...base, is_read: true, read_at: daysAgo(29), created_at: daysAgo(29) },
      ]);
      expect(await t.app.get(NotificationsService).purgeOld(now)).toBe(1);
      expect(await collection.countDocuments({ _id: { $in: Object.values(insertedIds) } })).toBe(2);
      expect(await collection.findOne({ _id: insertedIds[0] })).toBeNull();
    });
  });
});
