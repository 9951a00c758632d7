import { randomBytes } from 'crypto';
import { rmSync } from 'fs';
import { resolve } from 'path';
import { Db } from 'mongodb';
import { signAttachment } from '../../libs/messaging/src/attachments/signed-url';
import { LiveResponse, LiveServer } from '../support/live-server';

const SECRET = `uploads-e2e-signed-url-secret-${randomBytes(12).toString('hex')}`;
const TTL_SECONDS = 300;
const STORAGE_ROOT = `./data/test-storage/uploads-${randomBytes(6).toString('hex')}`;

/** An ASF header GUID whose first object declares size 0, then zeros: file-type 16 stepped back 24 bytes and looped forever on it. */
const LOOPING_ASF = Buffer.alloc(4100);
Buffer.from([0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11, 0xa6, 0xd9, 0x00, 0xaa, 0x00, 0x62, 0xce, 0x6c]).copy(LOOPING_ASF);

const SVG_WITH_SCRIPT = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"><script>alert(1)</script></svg>\n');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/*
 * Ids and stored state are read from the database: the live server runs under ts-node without the
 * swagger CLI plugin, so response DTOs carry no documented fields and success bodies are `{}`.
 * Signed links are therefore made with the server's secret, exactly as the server makes them.
 */
const DOWNLOAD_CSP = "default-src 'none'; sandbox";
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

function form(file: Part, fields: Record<string, string> = {}): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  body.append('file', new Blob([file.content], { type: file.type }), file.filename);
  return body;
}

type Part = { content: Buffer; filename: string; type: string };
let uploads = 0;
/** A unique file name per upload, so each stored record can be found by it. */
const asf = (): Part => ({ content: LOOPING_ASF, filename: `clip-${++uploads}.wmv`, type: 'video/x-ms-wmv' });
const svg = (): Part => ({ content: SVG_WITH_SCRIPT, filename: `logo-${++uploads}.svg`, type: 'image/svg+xml' });
const png = (): Part => ({ content: PNG, filename: `desk-${++uploads}.png`, type: 'image/png' });

function expectErrorShape(response: LiveResponse, status: number, field?: string): void {
  expect(response.status).toBe(status);
  expect(response.body).toEqual({ statusCode: status, error: expect.any(String), message: expect.any(String), details: expect.any(Array), requestId: expect.any(String) });
  if (field) expect(response.body.details).toEqual([{ field, message: expect.any(String) }]);
}

function expectSafeDownload(response: LiveResponse): void {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain\b/);
  expect(response.headers.get('content-type')).not.toMatch(/svg|xml|html/);
  expect(response.headers.get('content-security-policy')).toBe(DOWNLOAD_CSP);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="/);
}

describe('Uploads and downloads (live server)', () => {
  let server: LiveServer;
  let db: Db;
  let admin: string;
  let tech: { token: string };
  let support: { token: string };
  let projectId: string;

  const live = () => server.request('GET', '/health/live', { timeoutMs: 1000 });
  const uploadProjectFile = (token: string, file: Part) => server.request('POST', `/projects/${projectId}/files`, { token, payload: form(file), timeoutMs: 5000 });
  const postToGeneral = (token: string, file: Part) => server.request('POST', '/channels/general/messages', { token, payload: form(file, { content: `see ${file.filename}` }), timeoutMs: 5000 });
  const storedFile = (file: Part) => db.collection('files').findOne({ original_name: file.filename });
  const storedAttachment = (file: Part) => db.collection('message_attachments').findOne({ name: file.filename });
  const signedLink = (attachmentId: string, expires = Math.floor(Date.now() / 1000) + TTL_SECONDS) =>
    `/attachments/${attachmentId}/download?expires=${expires}&signature=${signAttachment(attachmentId, expires, SECRET)}`;

  beforeAll(async () => {
    server = await LiveServer.start({ SIGNED_URL_SECRET: SECRET, SIGNED_URL_TTL_SECONDS: String(TTL_SECONDS), FILE_STORAGE_ROOT: STORAGE_ROOT });
    db = await server.db();
    admin = await server.adminToken();
    const [techUser, supportUser] = await Promise.all([server.createUser('tech'), server.createUser('support')]);
    [tech, support] = [techUser, supportUser];
    const techId = String((await db.collection('users').findOne({ email: techUser.email }))?._id);
    expect((await server.post('/customers', { name: 'Initech' }, admin)).status).toBe(201);
    const customerId = String((await db.collection('customers').findOne({ name: 'Initech' }))?._id);
    const project = await server.post('/projects', { name: 'Intranet', customer_id: customerId, team_member_ids: [techId], currency: 'USD' }, admin);
    if (project.status !== 201) throw new Error(`create project: ${project.status} ${project.raw}`);
    projectId = String((await db.collection('projects').findOne({ name: 'Intranet' }))?._id);
    // Warm up: the first upload starts the detection worker; the bounds below are about the crafted input.
    const warm = png();
    expect((await uploadProjectFile(tech.token, warm)).status).toBe(201);
    expect((await storedFile(warm))?.mime_type).toBe('image/png');
  });

  afterAll(async () => {
    await server?.stop();
    rmSync(resolve(__dirname, '../..', STORAGE_ROOT), { recursive: true, force: true });
  });

  describe('a crafted ASF header (file-type 16 looped forever on it)', () => {
    it('uploaded as a project file by a tech user, is answered within 1 s while /health/live keeps answering', async () => {
      const file = asf();
      const [upload, during] = await Promise.all([uploadProjectFile(tech.token, file), live()]);
      expect(upload.status).toBe(201);
      expect(upload.ms).toBeLessThan(1000);
      expect(during.status).toBe(200);
      expect(await storedFile(file)).toMatchObject({ mime_type: 'application/octet-stream', size: LOOPING_ASF.length });
      const after = await live();
      expect(after.status).toBe(200);
      expect(after.ms).toBeLessThan(1000);
    });

    it('posted as a message attachment in #general by a support user, is answered within 1 s and the server stays live', async () => {
      const file = asf();
      const [posted, during] = await Promise.all([postToGeneral(support.token, file), live()]);
      expect(posted.status).toBe(201);
      expect(posted.ms).toBeLessThan(1000);
      expect(during.status).toBe(200);
      expect(await storedAttachment(file)).toMatchObject({ mime_type: 'application/octet-stream', size: LOOPING_ASF.length });
      expect((await live()).status).toBe(200);
    });

    it('attached to an existing #general message by a tech user, is answered within 1 s', async () => {
      expect((await server.post('/channels/general/messages', { content: 'recording to follow' }, tech.token)).status).toBe(201);
      const message = await db.collection('messages').findOne({ content: 'recording to follow' });
      const file = asf();
      const attached = await server.request('POST', `/messages/${String(message?._id)}/attachments`, { token: tech.token, payload: form(file), timeoutMs: 5000 });
      expect(attached.status).toBe(201);
      expect(attached.ms).toBeLessThan(1000);
      expect((await storedAttachment(file))?.mime_type).toBe('application/octet-stream');
      expect((await live()).status).toBe(200);
    });

    it('ten at once still leave the API answering', async () => {
      const pending = Array.from({ length: 10 }, () => uploadProjectFile(tech.token, asf()));
      const during = await live();
      const answered = await Promise.all(pending);
      expect(during.status).toBe(200);
      expect(answered.map((response) => response.status)).toEqual(Array(10).fill(201));
      expect((await live()).status).toBe(200);
    });
  });

  describe('XML-family markup', () => {
    it('an SVG with script is stored as text and downloaded as text, as an attachment, under the download CSP', async () => {
      const file = svg();
      expect((await uploadProjectFile(tech.token, file)).status).toBe(201);
      const stored = await storedFile(file);
      expect(stored?.mime_type).toBe('text/plain');
      const download = await server.request('GET', `/files/${String(stored?._id)}/download`, { token: tech.token });
      expectSafeDownload(download);
      expect(download.raw).toBe(SVG_WITH_SCRIPT.toString());
    });

    it('an SVG message attachment is stored as text and its signed link serves it as text under the download CSP', async () => {
      const file = svg();
      expect((await postToGeneral(support.token, file)).status).toBe(201);
      const stored = await storedAttachment(file);
      expect(stored?.mime_type).toBe('text/plain');
      expectSafeDownload(await server.request('GET', signedLink(String(stored?._id))));
    });

    it('records stored with an XML-family type before the fix are served as text/plain', async () => {
      const file = svg();
      expect((await uploadProjectFile(tech.token, file)).status).toBe(201);
      await db.collection('files').updateOne({ original_name: file.filename }, { $set: { mime_type: 'image/svg+xml' } });
      expectSafeDownload(await server.request('GET', `/files/${String((await storedFile(file))?._id)}/download`, { token: tech.token }));

      const attached = svg();
      expect((await postToGeneral(support.token, attached)).status).toBe(201);
      await db.collection('message_attachments').updateOne({ name: attached.filename }, { $set: { mime_type: 'application/xhtml+xml' } });
      expectSafeDownload(await server.request('GET', signedLink(String((await storedAttachment(attached))?._id))));
    });
  });

  describe('signed attachment links', () => {
    let attachmentId: string;

    beforeAll(async () => {
      const file = png();
      expect((await postToGeneral(support.token, file)).status).toBe(201);
      attachmentId = String((await storedAttachment(file))?._id);
    });

    it('a link like the ones the server issues (now + TTL) works, with the download headers', async () => {
      const response = await server.request('GET', signedLink(attachmentId));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/png');
      expect(response.headers.get('content-security-policy')).toBe(DOWNLOAD_CSP);
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; /);
    });

    it('a link whose expires was moved later is refused: the signature no longer matches', async () => {
      const valid = new URL(signedLink(attachmentId), server.baseUrl);
      const expires = Number(valid.searchParams.get('expires')) + 86_400;
      const response = await server.request('GET', `/attachments/${attachmentId}/download?expires=${expires}&signature=${valid.searchParams.get('signature')}`);
      expectErrorShape(response, 403);
      expect(response.body.message).toContain('not valid');
    });

    it('a correctly signed link expiring beyond now + TTL is refused, however far', async () => {
      const now = Math.floor(Date.now() / 1000);
      for (const expires of [now + 10 * 365 * 86_400, now + TTL_SECONDS + 120]) {
        const response = await server.request('GET', signedLink(attachmentId, expires));
        expectErrorShape(response, 403);
        expect(response.body.message).toContain(`at most ${TTL_SECONDS} s ahead`);
      }
    });
  });

  describe('list queries', () => {
    it.each(['__proto__', 'constructor', 'owner,constructor'])('populate=%s is a 400 in the error shape (was a 200: the lookup found Object.prototype members)', async (populate) => {
      const response = await server.get(`/customers?populate=${encodeURIComponent(populate)}`, admin);
      expectErrorShape(response, 400, 'populate');
      expect(response.body.details[0].message).toBe('must be a comma-separated list of: owner, lead');
    });

    it('a whitelisted populate still works', async () => {
      expect((await server.get('/customers?populate=owner', admin)).status).toBe(200);
    });
  });

  describe('Content-Security-Policy', () => {
    it('the JSON API and health have the strict policy', async () => {
      for (const response of [await server.get('/customers', admin), await live(), await server.get('/docs-json'), await server.get('/no-such-route')]) {
        expect(response.headers.get('content-security-policy')).toBe(API_CSP);
      }
    });

    it("only /docs (Swagger UI) has the policy with its scripts and inline styles", async () => {
      const page = await server.get('/docs');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const policy = page.headers.get('content-security-policy') ?? '';
      expect(policy).toContain("script-src 'self' 'unsafe-inline'");
      expect(policy).toContain("style-src 'self' 'unsafe-inline'");
      expect((await server.get('/docs/swagger-ui-init.js')).headers.get('content-security-policy')).toBe(policy);
    });
  });
});
