import { createHash, randomBytes } from 'crypto';
import { rmSync } from 'fs';
import { resolve } from 'path';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Types } from 'mongoose';
import { DomainEvent, NotifiableEvent } from '@app/common';
import { TestApp } from './support/test-app';

type User = { id: string; token: string; email: string };

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const IMAGE_LIMIT = 2048;

/** A one-file multipart/form-data body built by hand. */
function multipartFile(content: Buffer, filename: string, contentType = 'application/octet-stream') {
  const boundary = `----e2e${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const local = (user: User) => user.email.split('@')[0];

describe('Messages and attachments (e2e)', () => {
  let t: TestApp;
  let storageRoot: string;
  let events: EventEmitter2;
  let pm: User;
  let alice: User;
  let bob: User;
  let carol: User;
  let outsider: User;
  let manager: User;
  let projectId: string;
  let otherProjectId: string;

  /** Collects the mention events emitted while `action` runs. */
  async function mentionsDuring(action: () => Promise<unknown>): Promise<NotifiableEvent[]> {
    const received: NotifiableEvent[] = [];
    const listener = (event: NotifiableEvent) => received.push(event);
    events.on(DomainEvent.MessageMentioned, listener);
    try {
      await action();
    } finally {
      events.off(DomainEvent.MessageMentioned, listener);
    }
    return received;
  }

  /** The notifications stored for an entity: written before the response (listeners are awaited), so all there once no write is in flight. */
  async function storedNotifications(entityId: string) {
    await t.settled();
    const query = { entity_id: new Types.ObjectId(entityId) };
    return t.connection.collection('notifications').find(query).toArray();
  }

  const post = (user: User, body: Record<string, unknown>, project = projectId) => t.post(`/projects/${project}/messages`, body, user.token);

  beforeAll(async () => {
    t = await TestApp.start({ ATTACHMENT_MAX_BYTES_IMAGE: String(IMAGE_LIMIT) });
    storageRoot = resolve(process.env.FILE_STORAGE_ROOT as string);
    events = t.app.get(EventEmitter2);
    [pm, alice, bob, carol, outsider, manager] = await Promise.all([
      t.createUser('support'),
      t.createUser('tech'),
      t.createUser('sales'),
      t.createUser('tech'),
      t.createUser('tech'),
      t.createUser('manager'),
    ]);
    const Project = t.connection.model('Project');
    const project = await Project.create({ name: 'Brand refresh', customer_id: new Types.ObjectId(), user_id: pm.id, team_member_ids: [alice.id, bob.id, carol.id], currency: 'EUR' });
    const other = await Project.create({ name: 'Other', customer_id: new Types.ObjectId(), user_id: outsider.id, team_member_ids: [], currency: 'EUR' });
    projectId = String(project._id);
    otherProjectId = String(other._id);
  });
  afterAll(async () => {
    await t.stop();
    rmSync(storageRoot, { recursive: true, force: true });
  });

  describe('mentions', () => {
    it('a message mentioning two users emits exactly two mention events and stores two mention_ids', async () => {
      let created: any;
      const received = await mentionsDuring(async () => {
        created = await post(pm, { content: `Kick-off tomorrow @${local(alice)} and @${bob.email.toUpperCase()}, please prepare.` });
      });
      expect(created.status).toBe(201);
      expect(created.body.mention_ids.sort()).toEqual([alice.id, bob.id].sort());
      expect(received).toHaveLength(2);
      expect(received.map((e) => e.recipient_ids)).toEqual(expect.arrayContaining([[alice.id], [bob.id]]));
      // ...and the notifications lib stores exactly two mention notifications, one per person.
      const stored = await storedNotifications(created.body.id);
      expect(stored.map((n) => ({ user_id: String(n.user_id), type: n.type, entity_type: n.entity_type })).sort((a, b) => a.user_id.localeCompare(b.user_id))).toEqual(
        [alice.id, bob.id].sort().map((user_id) => ({ user_id, type: 'mention', entity_type: 'message' })),
      );
      expect(stored[0].title).toBe('support Tester mentioned you');
      for (const event of received) {
        expect(event).toMatchObject({
          actor_id: pm.id,
          entity_type: 'message',
          entity_id: created.body.id,
          data: { sender_name: 'support Tester', project_name: 'Brand refresh', excerpt: expect.stringContaining('Kick-off tomorrow') },
        });
      }
    });

    it('never notifies the sender, people outside the project or unknown names', async () => {
      let created: any;
      const received = await mentionsDuring(async () => {
        created = await post(alice, { content: `note to self @${local(alice)}; @${local(outsider)} cannot see this; @nobody.here` });
      });
      expect(created.status).toBe(201);
      expect(created.body.mention_ids).toEqual([alice.id]);
      expect(received).toEqual([]);
      expect(await storedNotifications(created.body.id)).toEqual([]);
    });
  });

  describe('threads', () => {
    it('a reply appears in the thread view; replying to a reply joins the root thread', async () => {
      const root = await post(pm, { content: 'Which fonts?' });
      const first = await post(alice, { content: 'Inter', reply_to_id: root.body.id });
      expect(first.status).toBe(201);
      expect(first.body.reply_to_id).toBe(root.body.id);
      const second = await post(bob, { content: 'Agree with Inter', reply_to_id: first.body.id });
      expect(second.body.reply_to_id).toBe(root.body.id);

      const thread = await t.get(`/messages/${second.body.id}/thread`, carol.token);
      expect(thread.status).toBe(200);
      expect(thread.body.root).toMatchObject({ id: root.body.id, reply_count: 2, content: 'Which fonts?' });
      expect(thread.body.replies.map((m: { id: string }) => m.id)).toEqual([first.body.id, second.body.id]);
      expect(thread.body.total_replies).toBe(2);

      const list = await t.get(`/projects/${projectId}/messages?limit=100`, carol.token);
      const ids = list.body.data.map((m: { id: string }) => m.id);
      expect(ids).toContain(root.body.id);
      expect(ids).not.toContain(first.body.id);
    });

    it('a reply must be in the same conversation', async () => {
      const elsewhere = await post(outsider, { content: 'other project' }, otherProjectId);
      const reply = await post(pm, { content: 'cross-post', reply_to_id: elsewhere.body.id });
      expect(reply.status).toBe(400);
      expect(reply.body.details).toEqual([{ field: 'reply_to_id', message: 'must reference a message in the same conversation' }]);
      const general = await t.post('/channels/general/messages', { content: 'general reply', reply_to_id: elsewhere.body.id }, outsider.token);
      expect(general.status).toBe(400);
    });

    it('lists newest first with a cursor', async () => {
      const Project = t.connection.model('Project');
      const quiet = await Project.create({ name: 'Quiet', customer_id: new Types.ObjectId(), user_id: pm.id, team_member_ids: [], currency: 'EUR' });
      const sent: string[] = [];
      for (let i = 0; i < 5; i++) sent.push((await post(pm, { content: `message ${i}` }, String(quiet._id))).body.id);
      const first = await t.get(`/projects/${quiet._id}/messages?limit=2&populate=sender`, pm.token);
      expect(first.body.data.map((m: { id: string }) => m.id)).toEqual([sent[4], sent[3]]);
      expect(first.body.data[0].sender).toMatchObject({ id: pm.id, email: pm.email, role: 'support' });
      expect(first.body.total).toBe(5);
      const second = await t.get(`/projects/${quiet._id}/messages?limit=2&cursor=${first.body.next_cursor}`, pm.token);
      expect(second.body.data.map((m: { id: string }) => m.id)).toEqual([sent[2], sent[1]]);
    });
  });

  describe('editing, deleting and pinning', () => {
    it('only the sender edits; an edit stamps edited_at and notifies only newly mentioned people', async () => {
      const created = await post(alice, { content: `draft for @${local(bob)}` });
      expect((await t.patch(`/messages/${created.body.id}`, { content: 'hijacked' }, bob.token)).status).toBe(403);
      expect((await t.patch(`/messages/${created.body.id}`, { content: 'hijacked' }, manager.token)).status).toBe(403);

      let edited: any;
      const received = await mentionsDuring(async () => {
        edited = await t.patch(`/messages/${created.body.id}`, { content: `final for @${local(bob)} and @${local(carol)}` }, alice.token);
      });
      expect(edited.status).toBe(200);
      expect(edited.body.edited_at).toEqual(expect.any(String));
      expect(edited.body.mention_ids.sort()).toEqual([bob.id, carol.id].sort());
      expect(received.map((e) => e.recipient_ids)).toEqual([[carol.id]]);
    });

    it('a soft-deleted message keeps its replies and hides its content', async () => {
      const root = await post(bob, { content: 'secret pricing idea' });
      const reply = await post(alice, { content: 'nice', reply_to_id: root.body.id });
      const lonely = await post(bob, { content: 'typo' });
      expect((await t.delete(`/messages/${root.body.id}`, carol.token)).status).toBe(403);
      expect((await t.delete(`/messages/${root.body.id}`, bob.token)).status).toBe(204);
      expect((await t.delete(`/messages/${lonely.body.id}`, manager.token)).status).toBe(204);

      const thread = await t.get(`/messages/${reply.body.id}/thread`, pm.token);
      expect(thread.body.root).toMatchObject({ id: root.body.id, content: null, is_deleted: true, deleted_at: expect.any(String) });
      expect(thread.body.replies).toEqual([expect.objectContaining({ id: reply.body.id, content: 'nice', is_deleted: false })]);
      expect(JSON.stringify(thread.body)).not.toContain('secret pricing');

      const list = await t.get(`/projects/${projectId}/messages?limit=100`, pm.token);
      const listed = list.body.data.find((m: { id: string }) => m.id === root.body.id);
      expect(listed).toMatchObject({ content: null, is_deleted: true, reply_count: 1 });
      expect(list.body.data.map((m: { id: string }) => m.id)).not.toContain(lonely.body.id);
      expect((await t.patch(`/messages/${root.body.id}`, { content: 'back' }, bob.token)).status).toBe(409);
      expect((await t.delete(`/messages/${root.body.id}`, bob.token)).status).toBe(204);
    });

    it('pins and unpins (sender, managers, admins) and lists pinned messages', async () => {
      const message = await post(alice, { content: 'Brand guide v3 is final' });
      const other = await post(bob, { content: 'not pinned' });
      expect((await t.post(`/messages/${message.body.id}/pin`, {}, carol.token)).status).toBe(403);
      const pinned = await t.post(`/messages/${message.body.id}/pin`, {}, alice.token);
      expect(pinned.status).toBe(200);
      expect(pinned.body).toMatchObject({ is_pinned: true, pinned_by: alice.id, pinned_at: expect.any(String) });
      expect((await t.post(`/messages/${other.body.id}/pin`, {}, manager.token)).status).toBe(200);

      const list = await t.get(`/projects/${projectId}/messages/pinned`, carol.token);
      expect(list.status).toBe(200);
      expect(list.body.data.map((m: { id: string }) => m.id)).toEqual([other.body.id, message.body.id]);

      const unpinned = await t.delete(`/messages/${other.body.id}/pin`, manager.token);
      expect(unpinned.status).toBe(200);
      expect(unpinned.body.is_pinned).toBe(false);
      const after = await t.get(`/projects/${projectId}/messages/pinned`, carol.token);
      expect(after.body.data.map((m: { id: string }) => m.id)).toEqual([message.body.id]);
    });
  });

  describe('access', () => {
    it('people outside the project get 404; the general channel is open to every role', async () => {
      const message = await post(pm, { content: 'team only' });
      expect((await t.get(`/projects/${projectId}/messages`, outsider.token)).status).toBe(404);
      expect((await post(outsider, { content: 'hello?' })).status).toBe(404);
      expect((await t.get(`/messages/${message.body.id}`, outsider.token)).status).toBe(404);
      expect((await t.get(`/messages/${message.body.id}/thread`, outsider.token)).status).toBe(404);
      expect((await t.get(`/projects/${projectId}/messages`, manager.token)).status).toBe(200);

      const general = await t.post('/channels/general/messages', { content: `Welcome @${local(outsider)}!` }, bob.token);
      expect(general.status).toBe(201);
      expect(general.body).toMatchObject({ channel: 'general', project_id: null, mention_ids: [outsider.id] });
      const list = await t.get('/channels/general/messages', outsider.token);
      expect(list.body.data.map((m: { id: string }) => m.id)).toContain(general.body.id);
      const stored = await t.connection.collection('messages').findOne({ _id: new Types.ObjectId(general.body.id) });
      expect(stored).toMatchObject({ channel: 'general', project_id: null });
    });
  });

  describe('attachments', () => {
    let messageId: string;
    const upload = (user: User, content: Buffer, filename: string, contentType?: string) =>
      t.request('POST', `/messages/${messageId}/attachments`, { ...multipartFile(content, filename, contentType), token: user.token });
    const fetchSigned = (url: string) => t.app.inject({ method: 'GET', url });

    beforeAll(async () => {
      messageId = (await post(alice, { content: 'logo attached' })).body.id;
    });
    afterEach(() => {
      jest.useRealTimers();
    });

    it('stores an attachment with its detected type and serves it through a signed URL until it expires', async () => {
      expect((await upload(bob, PNG, 'logo.png')).status).toBe(403);
      const created = await upload(alice, PNG, 'logo.txt', 'text/plain');
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ message_id: messageId, name: 'logo.txt', mime_type: 'image/png', detected_type: 'image', size: PNG.length, sha256: sha256(PNG) });
      expect(created.body).not.toHaveProperty('storage_key');

      const list = await t.get(`/messages/${messageId}/attachments`, carol.token);
      expect(list.status).toBe(200);
      const [attachment] = list.body;
      expect(attachment.download_url).toMatch(new RegExp(`^/attachments/${created.body.id}/download\\?expires=\\d+&signature=[0-9a-f]{64}$`));

      const ok = await fetchSigned(attachment.download_url);
      expect(ok.statusCode).toBe(200);
      expect(ok.headers['content-type']).toBe('image/png');
      expect(sha256(ok.rawPayload)).toBe(sha256(PNG));

      const signature = /signature=([0-9a-f]+)/.exec(attachment.download_url)![1];
      const changed = signature.slice(0, -1) + (signature.endsWith('0') ? '1' : '0');
      const forged = await fetchSigned(attachment.download_url.replace(signature, changed));
      expect(forged.statusCode).toBe(403);
      expect(JSON.parse(forged.body)).toMatchObject({ statusCode: 403, message: expect.stringMatching(/not valid/) });

      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
      jest.setSystemTime(Date.now() + 301 * 1000);
      const expired = await fetchSigned(attachment.download_url);
      expect(expired.statusCode).toBe(403);
      expect(JSON.parse(expired.body).message).toMatch(/expired at/);
    });

    it('applies the size limit of the detected type', async () => {
      const bigImage = Buffer.concat([PNG, Buffer.alloc(IMAGE_LIMIT)]);
      const tooBig = await upload(alice, bigImage, 'big.png', 'image/png');
      expect(tooBig.status).toBe(413);
      expect(tooBig.body.message).toBe('image attachments are limited to 2 KB');
      const text = await upload(alice, Buffer.from('x'.repeat(IMAGE_LIMIT * 2)), 'notes.txt');
      expect(text.status).toBe(201);
      expect(text.body).toMatchObject({ detected_type: 'document', mime_type: 'text/plain' });
    });

    it('hides and stops serving the attachments of a deleted message', async () => {
      const list = await t.get(`/messages/${messageId}/attachments`, alice.token);
      expect(list.body.length).toBeGreaterThan(0);
      expect((await t.delete(`/messages/${messageId}`, alice.token)).status).toBe(204);
      expect((await t.get(`/messages/${messageId}/attachments`, alice.token)).body).toEqual([]);
      expect((await fetchSigned(list.body[0].download_url)).statusCode).toBe(404);
    });
  });

  describe('database round trips', () => {
    // Pinned per endpoint: a per-row lookup (N+1) would show up as a repeated command.
    let rootId: string;
    let replyId: string;
    let generalId: string;
    let attachmentUrl: string;
    beforeAll(async () => {
      rootId = (await post(pm, { content: 'pinned root' })).body.id;
      for (const user of [alice, bob, carol]) replyId = (await post(user, { content: 'reply', reply_to_id: rootId })).body.id;
      await t.post(`/messages/${rootId}/pin`, {}, pm.token);
      generalId = (await t.post('/channels/general/messages', { content: 'general pinned' }, manager.token)).body.id;
      await t.post(`/messages/${generalId}/pin`, {}, manager.token);
      for (const user of [alice, bob]) await t.post('/channels/general/messages', { content: 'hi' }, user.token);
      const attached = await t.request('POST', `/messages/${rootId}/attachments`, { ...multipartFile(Buffer.from('notes'), 'notes.txt'), token: pm.token });
      attachmentUrl = attached.body.download_url;
      await t.settled(); // nothing of the set-up still writing when the counts start
    });

    it.each([
      ['GET /projects/:id/messages?populate=sender', () => `/projects/${projectId}/messages?populate=sender&limit=100`, ['find projects', 'find messages', 'aggregate messages', 'find users', 'find users']],
      ['GET /projects/:id/messages/pinned?populate=sender', () => `/projects/${projectId}/messages/pinned?populate=sender`, ['find projects', 'find messages', 'aggregate messages', 'find users', 'find users']],
      ['GET /channels/general/messages?populate=sender', () => '/channels/general/messages?populate=sender&limit=100', ['find messages', 'aggregate messages', 'find users', 'find users']],
      ['GET /channels/general/messages/pinned', () => '/channels/general/messages/pinned', ['find messages', 'aggregate messages', 'find users']],
      ['GET /messages/:id (project)', () => `/messages/${rootId}`, ['find messages', 'find projects', 'find users']],
      ['GET /messages/:id (general)', () => `/messages/${generalId}`, ['find messages', 'find users']],
      ['GET /messages/:id/thread of the root', () => `/messages/${rootId}/thread?populate=sender`, ['find messages', 'find projects', 'find messages', 'aggregate messages', 'find users', 'find users']],
      ['GET /messages/:id/thread of a reply', () => `/messages/${replyId}/thread`, ['find messages', 'find projects', 'find messages', 'find messages', 'aggregate messages', 'find users']],
      ['GET /messages/:id/attachments', () => `/messages/${rootId}/attachments`, ['find messages', 'find projects', 'find message_attachments', 'find users']],
    ])('%s', async (_name, url, expected) => {
      const { response, commands } = await t.withCommands(() => t.get(url(), carol.token));
      expect(response.status).toBe(200);
      expect(commands).toEqual([...expected].sort());
    });

    it('GET /attachments/:id/download (signed, no token): the attachment, its message and the audit record', async () => {
      const { response, commands } = await t.withCommands(async () => {
        const reply = await t.app.inject({ method: 'GET', url: attachmentUrl });
        return { status: reply.statusCode, body: reply.body, headers: reply.headers, raw: reply.body };
      });
      expect(response.status).toBe(200);
      expect(response.raw).toBe('notes');
      expect(commands).toEqual(['find message_attachments', 'find messages', 'insert activity_logs']);
    });
  });
});
