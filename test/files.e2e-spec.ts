import { createHash, randomBytes } from 'crypto';
import { existsSync, readdirSync, readFileSync, rmSync, utimesSync } from 'fs';
import { dirname, join, resolve } from 'path';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Types } from 'mongoose';
import { AUDIT_RECORD_EVENT } from '@app/audit';
import { DomainEvent, NotifiableEvent } from '@app/common';
import { FILE_STORAGE, FileStorage, FileStorageSweeper } from '@app/files';
import { TestApp } from './support/test-app';

const MAX_BYTES = 64 * 1024;
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

interface Part {
  name: string;
  value: string | Buffer;
  filename?: string;
  contentType?: string;
}

/** A multipart/form-data body built by hand, so the test controls every byte the server sees. */
function multipart(parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----e2e${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename !== undefined ? `; filename="${part.filename}"` : ''}`;
    const type = part.contentType ? `\r\nContent-Type: ${part.contentType}` : '';
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`), Buffer.from(part.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Every regular file under `root`, as paths relative to it. */
function walk(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true }).flatMap((entry) => {
    const path = join(root, entry.name);
    return entry.isDirectory() ? walk(path).map((child) => join(entry.name, child)) : [entry.name];
  });
}

describe('Project files (e2e)', () => {
  let t: TestApp;
  let storageRoot: string;
  let events: EventEmitter2;
  let pm: { id: string; token: string };
  let tech: { id: string; token: string };
  let outsider: { id: string; token: string };
  let projectId: string;

  const upload = (token: string, parts: Part[], project = projectId) =>
    t.request('POST', `/projects/${project}/files`, { ...multipart(parts), token });
  const download = (id: string, token: string) =>
    t.app.inject({ method: 'GET', url: `/files/${id}/download`, headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    t = await TestApp.start({ FILE_MAX_BYTES: String(MAX_BYTES) });
    storageRoot = resolve(process.env.FILE_STORAGE_ROOT as string);
    events = t.app.get(EventEmitter2);
    [pm, tech, outsider] = await Promise.all([t.createUser('manager'), t.createUser('tech'), t.createUser('sales')]);
    const project = await t.connection.model('Project').create({
      name: 'Website relaunch',
      customer_id: new Types.ObjectId(),
      user_id: pm.id,
      team_member_ids: [tech.id],
      currency: 'USD',
    });
    projectId = String(project._id);
  });
  afterAll(async () => {
    await t.stop();
    rmSync(storageRoot, { recursive: true, force: true });
  });

  it('uploads, lists and downloads the exact bytes with type, length and disposition', async () => {
    const content = randomBytes(40 * 1024);
    const created = await upload(tech.token, [{ name: 'file', value: content, filename: 'Rapport été.bin', contentType: 'image/jpeg' }]);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      project_id: projectId,
      original_name: 'Rapport été.bin',
      mime_type: 'application/octet-stream',
      size: content.length,
      sha256: sha256(content),
      uploaded_by: tech.id,
      allowed_roles: ['admin', 'manager', 'sales', 'support', 'tech'],
    });
    expect(created.body).not.toHaveProperty('storage_key');

    const list = await t.get(`/projects/${projectId}/files?populate=uploader`, pm.token);
    expect(list.status).toBe(200);
    const listed = list.body.data.find((f: { id: string }) => f.id === created.body.id);
    expect(listed).toMatchObject({ size: content.length, uploader: { id: tech.id, role: 'tech' } });

    const response = await download(created.body.id, pm.token);
    expect(response.statusCode).toBe(200);
    expect(sha256(response.rawPayload)).toBe(sha256(content));
    expect(response.headers['content-type']).toBe('application/octet-stream');
    expect(Number(response.headers['content-length'])).toBe(content.length);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="Rapport ete.bin"; filename*=UTF-8''Rapport%20%C3%A9t%C3%A9.bin`);
    expect(response.headers.etag).toBe(`"${sha256(content)}"`);
  });

  it('stores blobs under 64-hex names and never writes outside the storage root', async () => {
    const content = Buffer.from('not so evil after all\n');
    const created = await upload(tech.token, [{ name: 'file', value: content, filename: '../../evil.txt' }]);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ original_name: 'evil.txt', mime_type: 'text/plain' });

    const blobs = walk(storageRoot).filter((path) => !path.startsWith('.tmp'));
    expect(blobs.length).toBeGreaterThan(0);
    for (const path of blobs) expect(path.split(/[\\/]/)).toEqual([expect.stringMatching(/^[0-9a-f]{2}$/), expect.stringMatching(/^[0-9a-f]{64}$/)]);
    expect(blobs.some((path) => sha256(readFileSync(join(storageRoot, path))) === sha256(content))).toBe(true);
    expect(walk(join(storageRoot, '.tmp'))).toEqual([]);
    for (const dir of [storageRoot, dirname(storageRoot), dirname(dirname(storageRoot))]) {
      expect(existsSync(join(dir, 'evil.txt'))).toBe(false);
    }
  });

  it('detects the type from the content: a PNG sent as text/plain is image/png', async () => {
    const created = await upload(pm.token, [{ name: 'file', value: PNG, filename: 'notes.txt', contentType: 'text/plain' }]);
    expect(created.status).toBe(201);
    expect(created.body.mime_type).toBe('image/png');
    const response = await download(created.body.id, tech.token);
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.rawPayload.equals(PNG)).toBe(true);
  });

  it('answers 404 to someone outside the project on upload, list, metadata and download', async () => {
    const created = await upload(tech.token, [{ name: 'file', value: Buffer.from('team only'), filename: 'team.txt' }]);
    expect((await t.get(`/projects/${projectId}/files`, outsider.token)).status).toBe(404);
    expect((await t.get(`/files/${created.body.id}`, outsider.token)).status).toBe(404);
    const denied = await download(created.body.id, outsider.token);
    expect(denied.statusCode).toBe(404);
    expect(JSON.parse(denied.body)).toMatchObject({ statusCode: 404, message: 'File not found' });
    expect((await upload(outsider.token, [{ name: 'file', value: Buffer.from('x'), filename: 'x.txt' }])).status).toBe(404);
  });

  it('limits a file to allowed_roles (admins and the uploader always see it)', async () => {
    const created = await upload(pm.token, [
      { name: 'allowed_roles', value: 'manager' },
      { name: 'file', value: Buffer.from('salaries'), filename: 'salaries.txt' },
    ]);
    expect(created.status).toBe(201);
    expect(created.body.allowed_roles).toEqual(['manager']);
    expect((await t.get(`/files/${created.body.id}`, tech.token)).status).toBe(404);
    expect((await download(created.body.id, tech.token)).statusCode).toBe(404);
    const techList = await t.get(`/projects/${projectId}/files?limit=100`, tech.token);
    expect(techList.body.data.map((f: { id: string }) => f.id)).not.toContain(created.body.id);
    expect((await t.get(`/files/${created.body.id}`, await t.adminToken())).status).toBe(200);

    const after = await upload(pm.token, [
      { name: 'file', value: Buffer.from('roles after the file'), filename: 'late.txt' },
      { name: 'allowed_roles', value: 'tech,manager' },
    ]);
    expect(after.body.allowed_roles).toEqual(['tech', 'manager']);
    const bad = await upload(pm.token, [{ name: 'allowed_roles', value: 'boss' }, { name: 'file', value: Buffer.from('x'), filename: 'x.txt' }]);
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([{ field: 'allowed_roles', message: expect.stringMatching(/must be roles among .*got boss/) }]);
  });

  it('rejects a file over FILE_MAX_BYTES with 413 and keeps nothing', async () => {
    const before = walk(storageRoot);
    const count = await t.connection.collection('files').countDocuments();
    const response = await upload(tech.token, [{ name: 'file', value: randomBytes(MAX_BYTES + 10), filename: 'huge.bin' }]);
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large', message: 'project files are limited to 64 KB', requestId: expect.any(String) });
    expect(walk(storageRoot)).toEqual(before);
    expect(await t.connection.collection('files').countDocuments()).toBe(count);
  });

  it('rejects a request without a file part, or not multipart at all', async () => {
    const missing = await upload(tech.token, [{ name: 'allowed_roles', value: 'tech' }]);
    expect(missing.status).toBe(400);
    expect(missing.body.details).toContainEqual({ field: 'file', message: expect.stringMatching(/is required/) });
    expect((await t.post(`/projects/${projectId}/files`, { file: 'x' }, tech.token)).status).toBe(415);
  });

  it('notifies the project members except the uploader', async () => {
    const received: NotifiableEvent[] = [];
    const listener = (event: NotifiableEvent) => received.push(event);
    events.on(DomainEvent.FileUploaded, listener);
    try {
      const created = await upload(tech.token, [{ name: 'file', value: Buffer.from('minutes'), filename: 'minutes.txt' }]);
      expect(received).toEqual([
        {
          recipient_ids: [pm.id],
          actor_id: tech.id,
          entity_type: 'file',
          entity_id: created.body.id,
          data: { file_name: 'minutes.txt', project_name: 'Website relaunch', uploaded_by: 'tech Tester' },
        },
      ]);
      // Written before the response (listeners are awaited): there when it arrives.
      await t.settled();
      const query = { entity_id: new Types.ObjectId(created.body.id) };
      const stored = await t.connection.collection('notifications').find(query).toArray();
      expect(stored.map((n) => ({ user_id: String(n.user_id), type: n.type, title: n.title }))).toEqual([
        { user_id: pm.id, type: 'file_uploaded', title: 'New file on Website relaunch: minutes.txt' },
      ]);
    } finally {
      events.off(DomainEvent.FileUploaded, listener);
    }
  });

  it('records every download in the audit trail', async () => {
    const created = await upload(tech.token, [{ name: 'file', value: Buffer.from('audited'), filename: 'a.txt' }]);
    const records: Record<string, unknown>[] = [];
    const listener = (record: Record<string, unknown>) => records.push(record);
    events.on(AUDIT_RECORD_EVENT, listener);
    try {
      expect((await download(created.body.id, pm.token)).statusCode).toBe(200);
    } finally {
      events.off(AUDIT_RECORD_EVENT, listener);
    }
    expect(records).toContainEqual(expect.objectContaining({ action: 'read', entity_type: 'file', entity_id: created.body.id, actor_id: pm.id }));
    const logged = await t.connection.collection('activity_logs').find({ entity_type: 'file', action: 'read' }).toArray();
    expect(logged.filter((log) => String(log.entity_id) === created.body.id).map((log) => String(log.user_id ?? log.actor_id))).toEqual([pm.id]);
  });

  it('deletes the document and then the blob; only uploader, project manager, managers and admins may', async () => {
    const other = await t.createUser('tech');
    await t.connection.model('Project').updateOne({ _id: projectId }, { $push: { team_member_ids: other.id } });
    const created = await upload(tech.token, [{ name: 'file', value: Buffer.from('to be deleted'), filename: 'bye.txt' }]);
    const key = (await t.connection.collection('files').findOne({ _id: new Types.ObjectId(created.body.id) }))?.storage_key as string;
    expect(existsSync(join(storageRoot, key))).toBe(true);

    expect((await t.delete(`/files/${created.body.id}`, other.token)).status).toBe(403);
    expect((await t.delete(`/files/${created.body.id}`, tech.token)).status).toBe(204);
    expect(existsSync(join(storageRoot, key))).toBe(false);
    expect((await t.get(`/files/${created.body.id}`, tech.token)).status).toBe(404);
  });

  it('sweeps orphan blobs older than the grace period and keeps referenced ones', async () => {
    const storage = t.app.get<FileStorage>(FILE_STORAGE);
    const orphan = await storage.put((async function* () { yield Buffer.from('orphan'); })());
    const kept = await upload(tech.token, [{ name: 'file', value: Buffer.from('kept'), filename: 'kept.txt' }]);
    const old = new Date(Date.now() - 2 * 3600 * 1000);
    for (const path of walk(storageRoot)) utimesSync(join(storageRoot, path), old, old);

    const result = await t.app.get(FileStorageSweeper).sweep();
    expect(result.removed_orphans).toBe(1);
    expect(await storage.exists(orphan.key)).toBe(false);
    expect((await download(kept.body.id, tech.token)).statusCode).toBe(200);
  });

  it('documents the multipart body in OpenAPI', async () => {
    const docs = await t.get('/docs-json');
    const body = docs.body.paths['/projects/{projectId}/files'].post.requestBody.content['multipart/form-data'].schema;
    expect(body.required).toEqual(['file']);
    expect(body.properties.file).toEqual(expect.objectContaining({ type: 'string', format: 'binary' }));
    expect(docs.body.paths['/files/{id}/download'].get.responses['200'].content['application/octet-stream']).toBeDefined();
  });

  describe('database round trips', () => {
    // Pinned per endpoint: a per-row lookup (N+1) would show up as a repeated command.
    let fileId: string;
    beforeAll(async () => {
      for (let i = 0; i < 3; i++) fileId = (await upload(pm.token, [{ name: 'file', value: Buffer.from(`pinned ${i}`), filename: `pinned-${i}.txt` }])).body.id;
      await t.settled(); // nothing of the set-up still writing when the counts start
    });

    it('GET /projects/:id/files?populate=uploader: access, page, count, one batched uploader lookup', async () => {
      const { response, commands } = await t.withCommands(() => t.get(`/projects/${projectId}/files?populate=uploader&limit=100`, tech.token));
      expect(response.status).toBe(200);
      expect(response.body.data.length).toBeGreaterThanOrEqual(3);
      expect(commands).toEqual(['aggregate files', 'find files', 'find projects', 'find users', 'find users']);
    });

    it('GET /files/:id: the file, then its project', async () => {
      const { response, commands } = await t.withCommands(() => t.get(`/files/${fileId}`, tech.token));
      expect(response.status).toBe(200);
      expect(commands).toEqual(['find files', 'find projects', 'find users']);
    });

    it('GET /files/:id/download: the file, its project and the audit record', async () => {
      const { response, commands } = await t.withCommands(async () => {
        const reply = await download(fileId, tech.token);
        return { status: reply.statusCode, body: reply.body, headers: reply.headers, raw: reply.body };
      });
      expect(response.status).toBe(200);
      expect(response.raw).toBe('pinned 2');
      expect(commands).toEqual(['find files', 'find projects', 'find users', 'insert activity_logs']);
    });
  });
});
