import { createHash, randomBytes } from 'crypto';
import { readdirSync, rmSync } from 'fs';
import { join, resolve } from 'path';
import { Types } from 'mongoose';
import { TestApp } from './support/test-app';

type User = { id: string; token: string; email: string };
type FilePart = { content: Buffer; filename: string; contentType?: string };

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const IMAGE_LIMIT = 2048;

/** A multipart/form-data body built by hand: text fields, then `file` parts, in that order. */
function multipartForm(fields: Record<string, string>, files: FilePart[]) {
  const boundary = `----e2e${randomBytes(8).toString('hex')}`;
  const parts = [
    ...Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)),
    ...files.flatMap((file) => [
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\nContent-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`),
      file.content,
      Buffer.from('\r\n'),
    ]),
  ];
  return { payload: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const local = (user: User) => user.email.split('@')[0];

function walk(root: string): string[] {
  let entries;
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => (entry.isDirectory() ? walk(join(root, entry.name)).map((child) => join(entry.name, child)) : [entry.name]));
}

describe('Messages posted with files (multipart, e2e)', () => {
  let t: TestApp;
  let storageRoot: string;
  let pm: User;
  let alice: User;
  let bob: User;
  let outsider: User;
  let projectId: string;

  const postForm = (url: string, user: User, fields: Record<string, string>, files: FilePart[]) =>
    t.request('POST', url, { ...multipartForm(fields, files), token: user.token });
  const toProject = (user: User, fields: Record<string, string>, files: FilePart[]) => postForm(`/projects/${projectId}/messages`, user, fields, files);
  const fetchSigned = (url: string) => t.app.inject({ method: 'GET', url });
  const counts = async () => ({
    messages: await t.connection.collection('messages').countDocuments(),
    attachments: await t.connection.collection('message_attachments').countDocuments(),
    blobs: walk(storageRoot).filter((path) => !path.startsWith('.tmp')).length,
    partial: walk(join(storageRoot, '.tmp')).length,
  });

  /** The mentions stored for an entity: written before the response (listeners are awaited), so all there once no write is in flight. */
  async function storedNotifications(entityId: string) {
    await t.settled();
    const query = { entity_id: new Types.ObjectId(entityId), type: 'mention' };
    return t.connection.collection('notifications').find(query).toArray();
  }

  beforeAll(async () => {
    t = await TestApp.start({ ATTACHMENT_MAX_BYTES_IMAGE: String(IMAGE_LIMIT) });
    storageRoot = resolve(process.env.FILE_STORAGE_ROOT as string);
    [pm, alice, bob, outsider] = await Promise.all([t.createUser('support'), t.createUser('tech'), t.createUser('sales'), t.createUser('tech')]);
    const project = await t.connection.model('Project').create({ name: 'Launch', customer_id: new Types.ObjectId(), user_id: pm.id, team_member_ids: [alice.id, bob.id], currency: 'EUR' });
    projectId = String(project._id);
  });
  afterAll(async () => {
    await t.stop();
    rmSync(storageRoot, { recursive: true, force: true });
  });

  it('a message with two files is one message and two attachments whose signed URLs return the exact bytes', async () => {
    const notes = Buffer.from('launch checklist\n'.repeat(20));
    const before = await counts();
    const created = await toProject(alice, { content: 'Mock-ups and notes attached' }, [
      { content: PNG, filename: 'mockup.png', contentType: 'image/png' },
      { content: notes, filename: 'notes.txt', contentType: 'text/plain' },
    ]);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ content: 'Mock-ups and notes attached', sender_id: alice.id, project_id: projectId, channel: null, reply_to_id: null });
    expect(created.body.attachments).toEqual([
      expect.objectContaining({ message_id: created.body.id, name: 'mockup.png', mime_type: 'image/png', detected_type: 'image', size: PNG.length, sha256: sha256(PNG), uploaded_by: alice.id }),
      expect.objectContaining({ message_id: created.body.id, name: 'notes.txt', mime_type: 'text/plain', detected_type: 'document', size: notes.length, sha256: sha256(notes) }),
    ]);
    expect(JSON.stringify(created.body)).not.toContain('storage_key');
    expect(await counts()).toEqual({ messages: before.messages + 1, attachments: before.attachments + 2, blobs: before.blobs + 2, partial: 0 });

    for (const [attachment, bytes] of [[created.body.attachments[0], PNG], [created.body.attachments[1], notes]] as const) {
      const download = await fetchSigned(attachment.download_url);
      expect(download.statusCode).toBe(200);
      expect(download.rawPayload.equals(bytes)).toBe(true);
    }
    // The same attachments through the message, as a team member sees them.
    const listed = await t.get(`/messages/${created.body.id}/attachments`, bob.token);
    expect(listed.body.map((a: { id: string }) => a.id)).toEqual(created.body.attachments.map((a: { id: string }) => a.id));
    expect((await t.get(`/messages/${created.body.id}`, bob.token)).body.content).toBe('Mock-ups and notes attached');

    // Audited: the message and each attachment (and the two downloads above).
    await t.settled();
    const logs = await t.connection.collection('activity_logs').find({ entity_id: { $in: [created.body.id, ...created.body.attachments.map((a: { id: string }) => a.id)].map((id) => new Types.ObjectId(id)) } }).toArray();
    expect(logs.map((log) => `${log.action} ${log.entity_type}`).sort()).toEqual([
      'create message',
      'create message_attachment',
      'create message_attachment',
      'read message_attachment',
      'read message_attachment',
    ]);
  });

  it('the general channel takes files too, and a reply in a thread (reply_to_id field)', async () => {
    const root = await t.post('/channels/general/messages', { content: 'Office photos?' }, pm.token);
    const reply = await postForm('/channels/general/messages', outsider, { content: 'here', reply_to_id: root.body.id }, [{ content: PNG, filename: 'desk.png' }]);
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ channel: 'general', project_id: null, reply_to_id: root.body.id });
    expect(reply.body.attachments).toHaveLength(1);
    expect((await t.get(`/messages/${root.body.id}/thread`, alice.token)).body.root.reply_count).toBe(1);
  });

  it('a multipart message without files is just a message (an empty reply_to_id field is absent)', async () => {
    const created = await toProject(bob, { content: 'no files today', reply_to_id: '' }, []);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ content: 'no files today', reply_to_id: null, attachments: [] });
  });

  it('an oversized file is a 413 and leaves no message, no attachment and no blob', async () => {
    const before = await counts();
    const tooBig = await toProject(alice, { content: 'this should not stay' }, [
      { content: Buffer.from('a fine first file'), filename: 'ok.txt' },
      { content: Buffer.concat([PNG, Buffer.alloc(IMAGE_LIMIT)]), filename: 'huge.png', contentType: 'image/png' },
    ]);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.message).toBe('image attachments are limited to 2 KB');
    expect(await counts()).toEqual(before);
    expect(await t.connection.collection('messages').countDocuments({ content: 'this should not stay' })).toBe(0);
  });

  it('a bad field, a stray part or too many files is a 400 and leaves nothing behind', async () => {
    const before = await counts();
    const file = { content: Buffer.from('x'), filename: 'x.txt' };
    const blank = await toProject(alice, { content: '   ' }, [file]);
    expect(blank.status).toBe(400);
    expect(blank.body.details).toEqual([expect.objectContaining({ field: 'content' })]);
    const badReply = await toProject(alice, { content: 'reply', reply_to_id: new Types.ObjectId().toHexString() }, [file]);
    expect(badReply.status).toBe(400);
    expect(badReply.body.details).toEqual([{ field: 'reply_to_id', message: 'must reference a message in the same conversation' }]);
    const stray = await toProject(alice, { content: 'hi', is_pinned: 'true' }, [file]);
    expect(stray.status).toBe(400);
    expect(stray.body.details).toEqual([{ field: 'is_pinned', message: 'is not accepted (accepted: file, content, reply_to_id)' }]);
    const twice = await postForm(`/projects/${projectId}/messages`, alice, { content: 'one' }, [file]);
    expect(twice.status).toBe(201);
    const afterOne = await counts();
    const eleven = await toProject(alice, { content: 'many' }, Array.from({ length: 11 }, () => file));
    expect(eleven.status).toBe(400);
    expect(eleven.body.message).toBe('send at most 10 files per request');
    const empty = await toProject(alice, { content: 'empty' }, [file, { content: Buffer.alloc(0), filename: 'empty.txt' }]);
    expect(empty.status).toBe(400);
    expect(await counts()).toEqual({ ...afterOne, partial: 0 });
    expect(afterOne).toEqual({ ...before, messages: before.messages + 1, attachments: before.attachments + 1, blobs: before.blobs + 1 });
  });

  it('more text fields than the parser allows, before the file, is a 400 and leaves nothing behind (was a 500)', async () => {
    const root = await toProject(alice, { content: 'fields root' }, []);
    expect(root.status).toBe(201);
    const before = await counts();
    const manyFields = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`extra_${i}`, String(i)]));
    const file = { content: Buffer.from('PK\x03\x04 not really a zip'), filename: 'file.zip' };
    for (const url of [`/projects/${projectId}/messages`, `/messages/${root.body.id}/attachments`, `/projects/${projectId}/files`]) {
      const response = await postForm(url, alice, manyFields, [file]);
      expect({ url, status: response.status }).toEqual({ url, status: 400 });
      expect(response.body.message).toBe('too many multipart fields');
    }
    expect(await counts()).toEqual({ ...before, partial: 0 });
  });

  it('someone outside the project gets 404 and stores nothing', async () => {
    const before = await counts();
    const refused = await toProject(outsider, { content: 'let me in' }, [{ content: PNG, filename: 'x.png' }]);
    expect(refused.status).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it('mentions in a multipart message notify each mentioned person', async () => {
    const created = await toProject(pm, { content: `Review please @${local(alice)} and @${local(bob)}` }, [{ content: PNG, filename: 'draft.png' }]);
    expect(created.status).toBe(201);
    expect(created.body.mention_ids.sort()).toEqual([alice.id, bob.id].sort());
    const stored = await storedNotifications(created.body.id);
    expect(stored.map((n) => String(n.user_id)).sort()).toEqual([alice.id, bob.id].sort());
  });

  it('JSON posting works as before, without an attachments field', async () => {
    const created = await t.post(`/projects/${projectId}/messages`, { content: 'plain text' }, alice.token);
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty('attachments');
    expect((await t.post(`/projects/${projectId}/messages`, { content: '' }, alice.token)).status).toBe(400);
    expect((await t.post(`/projects/${projectId}/messages`, { content: 'x', extra: 1 }, alice.token)).body.details).toEqual([{ field: 'extra', message: 'property extra should not exist' }]);
    expect((await t.post(`/projects/${projectId}/messages`, { content: 'x', $where: '1' }, alice.token)).status).toBe(400);
    // Validated before the project is looked up, as a @Body() DTO is.
    expect((await t.post(`/projects/${new Types.ObjectId()}/messages`, {}, alice.token)).status).toBe(400);
  });

  it('database round trips: the files are recorded in one write, however many there are', async () => {
    const files = [1, 2, 3].map((i) => ({ content: Buffer.from(`file ${i}`), filename: `f${i}.txt` }));
    const { response, commands } = await t.withCommands(() => toProject(bob, { content: 'three files' }, files));
    expect(response.status).toBe(201);
    expect(response.body.attachments).toHaveLength(3);
    expect(commands).toEqual(
      [
        'find users', // the signed-in user
        'find projects', // the conversation
        'insert message_attachments', // all three records at once
        'insert events', // message.posted, pending before the message (the outbox, libs/events)
        'insert messages',
        'findAndModify event_sequence', // its position in the feed
        'update events', // committed
        'find messages', // the posted message as answered
        // The audit trail at the persistence layer: its states come from the writes themselves (no read).
        'insert activity_logs', // the three attachments' records, in one write
        'insert activity_logs', // the message's
      ].sort(),
    );
  });

  it('documents both request bodies in the OpenAPI document', async () => {
    const docs = (await t.get('/docs-json')).body;
    for (const path of ['/projects/{projectId}/messages', '/channels/general/messages']) {
      const operation = docs.paths[path].post;
      expect(Object.keys(operation.requestBody.content).sort()).toEqual(['application/json', 'multipart/form-data']);
      expect(operation.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CreateMessageDto' });
      expect(operation.requestBody.content['multipart/form-data'].schema.properties.file).toEqual({ type: 'array', maxItems: 10, items: { type: 'string', format: 'binary' } });
      expect(operation.responses['201'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/PostedMessageResponse' });
      expect(operation.responses['413']).toBeDefined();
    }
    expect(docs.components.schemas.CreateMessageDto.required).toEqual(['content']);
  });
});
