import { HeadObjectCommand, ListMultipartUploadsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'crypto';
import { existsSync } from 'fs';
import { Db } from 'mongodb';
import { resolve } from 'path';
import { LiveServer } from '../support/live-server';
import { describeWithS3, S3TestServer } from '../support/s3-server';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const STORAGE_ROOT = `./data/test-storage/s3-live-${randomBytes(6).toString('hex')}`;

describeWithS3('Project files on S3 (live server, FILE_STORAGE_DRIVER=s3 on versitygw)', () => {
  let s3: S3TestServer;
  let client: S3Client;
  let server: LiveServer;
  let db: Db;
  let admin: string;
  let projectId: string;
  const bucket = `live-${randomBytes(6).toString('hex')}`;

  const headObject = (key: string) =>
    client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
      (head) => ({ status: 200, size: head.ContentLength }),
      (error: { $metadata?: { httpStatusCode?: number } }) => ({ status: error.$metadata?.httpStatusCode, size: undefined }),
    );

  beforeAll(async () => {
    s3 = await S3TestServer.start();
    client = s3.client();
    // The bucket does not exist yet: outside production the API creates it at start.
    server = await LiveServer.start({ FILE_STORAGE_DRIVER: 's3', ...s3.settings(bucket), FILE_STORAGE_ROOT: STORAGE_ROOT, RATE_LIMIT_ENABLED: 'false' });
    db = await server.db();
    admin = await server.adminToken();
    expect((await server.post('/customers', { name: 'Globex' }, admin)).status).toBe(201);
    const customerId = String((await db.collection('customers').findOne({ name: 'Globex' }))?._id);
    expect((await server.post('/projects', { name: 'Storage move', customer_id: customerId, currency: 'USD' }, admin)).status).toBe(201);
    projectId = String((await db.collection('projects').findOne({ name: 'Storage move' }))?._id);
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    client?.destroy();
    await s3?.stop();
  });

  it('refuses to start when S3 refuses its keys: one line naming the settings, not the secret', async () => {
    const wrongSecret = `wrong-${randomBytes(12).toString('hex')}`;
    const failed = await LiveServer.start({ FILE_STORAGE_DRIVER: 's3', ...s3.settings(bucket), S3_SECRET_ACCESS_KEY: wrongSecret, FILE_STORAGE_ROOT: STORAGE_ROOT }).then(
      (unexpected) => unexpected.stop().then(() => new Error('started')),
      (error: Error) => error,
    );
    expect(failed.message).toMatch(/API exited before listening \(code 1/);
    // The output's last line is the reason (a JSON log line's msg, or plain text).
    const lastLine = failed.message.trim().split('\n').pop()!;
    const reason = lastLine.startsWith('{') ? (JSON.parse(lastLine) as { msg: string }).msg : lastLine;
    expect(reason).toBe(`S3 bucket "${bucket}" at ${s3.endpoint}: access denied; check S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY and the key's permissions on the bucket`);
    expect(failed.message).not.toContain(wrongSecret);
  });

  it('uploads a 7 MiB file through the API into the bucket under its storage key, downloads the same bytes, and deletes the object', async () => {
    const content = randomBytes(7 * 1024 * 1024);
    const body = new FormData();
    body.append('file', new Blob([content]), 'site-backup.bin');
    const uploaded = await server.request('POST', `/projects/${projectId}/files`, { token: admin, payload: body, timeoutMs: 30_000 });
    expect(uploaded.status).toBe(201);
    const record = await db.collection('files').findOne({ original_name: 'site-backup.bin' });
    expect(record).toMatchObject({ size: content.length, sha256: sha256(content), storage_key: expect.stringMatching(/^([0-9a-f]{2})\/\1[0-9a-f]{62}$/) });
    const key = record!.storage_key as string;

    expect(await headObject(key)).toEqual({ status: 200, size: content.length });
    expect(existsSync(resolve(__dirname, '../..', STORAGE_ROOT))).toBe(false);

    const response = await fetch(`${server.baseUrl}/files/${String(record!._id)}/download`, { headers: { authorization: `Bearer ${admin}` }, signal: AbortSignal.timeout(30_000) });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe(`"${sha256(content)}"`);
    expect(Number(response.headers.get('content-length'))).toBe(content.length);
    const downloaded = Buffer.from(await response.arrayBuffer());
    expect(downloaded.equals(content)).toBe(true);

    expect((await server.delete(`/files/${String(record!._id)}`, admin)).status).toBe(204);
    expect(await headObject(key)).toEqual({ status: 404, size: undefined });
    expect((await server.get(`/files/${String(record!._id)}`, admin)).status).toBe(404);
  });

  it('a file over FILE_MAX_BYTES is a 413 and leaves no object and no open multipart upload in the bucket', async () => {
    const body = new FormData();
    body.append('file', new Blob([randomBytes(26 * 1024 * 1024)]), 'too-big.bin');
    const response = await server.request('POST', `/projects/${projectId}/files`, { token: admin, payload: body, timeoutMs: 60_000 });
    expect(response.status).toBe(413);
    expect(await db.collection('files').findOne({ original_name: 'too-big.bin' })).toBeNull();
    expect((await client.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount ?? 0).toBe(0);
    expect((await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []).toEqual([]);
  });

  it('stores a message attachment in the bucket too, and no log line carries the S3 secret', async () => {
    const body = new FormData();
    body.append('content', 'minutes attached');
    body.append('file', new Blob([Buffer.from('minutes of the kick-off\n')], { type: 'text/plain' }), 'minutes.txt');
    const posted = await server.request('POST', '/channels/general/messages', { token: admin, payload: body, timeoutMs: 15_000 });
    expect(posted.status).toBe(201);
    const attachment = await db.collection('message_attachments').findOne({ name: 'minutes.txt' });
    expect(await headObject(attachment!.storage_key as string)).toEqual({ status: 200, size: 24 });
    expect(server.logs.join('\n')).not.toContain(s3.secretAccessKey);
  });

  // Last: it stops the S3 server.
  it('with the S3 server gone, uploads and downloads answer 503 with Retry-After, a delete still succeeds, the API stays live', async () => {
    const body = new FormData();
    body.append('file', new Blob([Buffer.from('stored before the outage')]), 'before-outage.txt');
    expect((await server.request('POST', `/projects/${projectId}/files`, { token: admin, payload: body })).status).toBe(201);
    const record = await db.collection('files').findOne({ original_name: 'before-outage.txt' });
    await s3.stop();

    const download = await server.get(`/files/${String(record!._id)}/download`, admin);
    const again = new FormData();
    again.append('file', new Blob([Buffer.from('during the outage')]), 'during-outage.txt');
    const upload = await server.request('POST', `/projects/${projectId}/files`, { token: admin, payload: again });
    for (const response of [download, upload]) {
      expect(response.status).toBe(503);
      expect(response.body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: 'File storage unavailable; retry shortly', details: [], requestId: expect.any(String) });
      expect(response.headers.get('retry-after')).toBe('1');
    }
    expect(await db.collection('files').findOne({ original_name: 'during-outage.txt' })).toBeNull();
    // The document goes; the blob S3 could not delete is an orphan for the sweep.
    expect((await server.delete(`/files/${String(record!._id)}`, admin)).status).toBe(204);
    expect((await server.get(`/files/${String(record!._id)}`, admin)).status).toBe(404);
    expect((await server.get('/health/live')).status).toBe(200);
    expect(server.logs.some((line) => line.includes('S3 download in bucket') && line.includes('ECONNREFUSED'))).toBe(true);
  });
});
