import { execFileSync } from 'child_process';
import { randomBytes } from 'crypto';
import { BUILT_CLI_ENTRY, ensureCliBuilt } from '../support/api-build';
import { LiveServer } from '../support/live-server';
import { waitFor, WebhookReceiver } from './webhook-receiver';

describe('Webhooks (over a real server, real receivers)', () => {
  let server: LiveServer;
  let admin: string;

  beforeAll(async () => {
    server = await LiveServer.start({ EVENTS_POLL_MS: '50', WEBHOOK_RETRY_BASE_MS: '60', WEBHOOK_MAX_ATTEMPTS: '10', WEBHOOK_MAX_FAILURES: '4', WEBHOOK_TIMEOUT_MS: '2000' });
    admin = await server.adminToken();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  const subscribe = async (receiver: WebhookReceiver, eventTypes: string[]) => {
    const created = await server.post('/webhooks', { url: receiver.url, event_types: eventTypes }, admin);
    expect(created.status).toBe(201);
    receiver.secret = created.body.secret;
    return created.body as { id: string; secret: string };
  };
  const createLead = async (firstName: string) => {
    const response = await server.post('/leads', { first_name: firstName, email: `${firstName.toLowerCase()}@example.com` }, admin);
    expect(response.status).toBe(201);
    return response.body.id as string;
  };

  it('signs every delivery (Standard Webhooks), retries failures with backoff, keeps the order, and replays from an event id', async () => {
    // The first two attempts fail: the first event is retried, and the later ones wait behind it.
    const receiver = await new WebhookReceiver((index) => (index < 2 ? 500 : 200)).start();
    let webhook: { id: string; secret: string } | undefined;
    try {
      webhook = await subscribe(receiver, ['lead.created']);
      expect(webhook.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
      expect((await server.get(`/webhooks/${webhook.id}`, admin)).body).not.toHaveProperty('secret');

      const leads = [await createLead('Ada'), await createLead('Bea'), await createLead('Cyd')];
      await waitFor(() => receiver.accepted.length, (count) => count >= 3, 20_000, 'three accepted deliveries');

      expect(receiver.received.every((delivery) => delivery.verified)).toBe(true);
      expect(receiver.received.slice(0, 3).map((delivery) => delivery.body.entity_id)).toEqual([leads[0], leads[0], leads[0]]);
      // Retries carry the same webhook-id (receivers deduplicate on it), a fresh timestamp and signature.
      expect(new Set(receiver.received.slice(0, 3).map((delivery) => delivery.id)).size).toBe(1);
      expect(receiver.accepted.map((delivery) => delivery.body.entity_id)).toEqual(leads);
      expect(receiver.accepted.map((delivery) => delivery.body.type)).toEqual(['lead.created', 'lead.created', 'lead.created']);
      const eventIds = receiver.accepted.map((delivery) => Number(delivery.body.id));
      expect([...eventIds].sort((a, b) => a - b)).toEqual(eventIds);
      expect(receiver.accepted[0].id).toBe(`msg_${eventIds[0]}`);
      // Redacted like the audit trail: the email is masked.
      expect(receiver.accepted[0].body.data.email).toBe('a***@example.com');

      const log = await server.get(`/webhooks/${webhook.id}/deliveries`, admin);
      expect(log.status).toBe(200);
      const first = log.body.data.find((delivery: { event_id: string }) => delivery.event_id === String(eventIds[0]));
      expect(first).toMatchObject({ status: 'succeeded', attempts: 3, response_code: 200, event_type: 'lead.created' });
      expect(typeof first.latency_ms).toBe('number');
      expect(log.body.data.map((delivery: { status: string }) => delivery.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);

      // Replay from the first event: the two after it come again, in order, with their original ids.
      const before = receiver.accepted.length;
      const replay = await server.post(`/webhooks/${webhook.id}/replay`, { after_event_id: eventIds[0] }, admin);
      expect(replay.status).toBe(200);
      await waitFor(() => receiver.accepted.length, (count) => count >= before + 2, 15_000, 'replayed deliveries');
      expect(receiver.accepted.slice(before).map((delivery) => delivery.id)).toEqual([`msg_${eventIds[1]}`, `msg_${eventIds[2]}`]);

      // Manual redelivery of one delivery.
      const again = await server.post(`/webhooks/${webhook.id}/deliveries/${first.id}/redeliver`, {}, admin);
      expect(again.status).toBe(200);
      await waitFor(() => receiver.accepted.filter((delivery) => delivery.id === `msg_${eventIds[0]}`).length, (count) => count >= 2, 15_000, 'redelivery');
    } finally {
      if (webhook) await server.delete(`/webhooks/${webhook.id}`, admin);
      await receiver.stop();
    }
  }, 90_000);

  it('disables an endpoint after WEBHOOK_MAX_FAILURES failed attempts in a row and notifies the admins', async () => {
    const receiver = await new WebhookReceiver(() => 503).start();
    try {
      const webhook = await subscribe(receiver, ['lead.*']);
      await createLead('Dora');
      const disabled = await waitFor(async () => (await server.get(`/webhooks/${webhook.id}`, admin)).body, (body) => body.active === false, 20_000, 'the endpoint disabled');
      expect(disabled.consecutive_failures).toBe(4);
      expect(disabled.disabled_reason).toMatch(/4 failed attempts in a row \(last: HTTP 503\)/);
      expect(receiver.received).toHaveLength(4);
      const inbox = await waitFor(async () => (await server.get('/notifications', admin)).body, (page) => page.data.some((n: { type: string }) => n.type === 'webhook_disabled'), 10_000, 'admin notification');
      expect(inbox.data.find((n: { type: string }) => n.type === 'webhook_disabled').title).toBe(`Webhook disabled: ${receiver.url}`);
      // Nothing more is sent to a disabled endpoint.
      await createLead('Elle');
      const log = await server.get(`/webhooks/${webhook.id}/deliveries`, admin);
      expect(log.body.data[0]).toMatchObject({ status: 'pending', attempts: 4, response_code: 503 });
      expect(receiver.received).toHaveLength(4);
    } finally {
      await receiver.stop();
    }
  }, 60_000);

  it('validates subscriptions: known event types only, https or loopback http outside production', async () => {
    const bad = await server.post('/webhooks', { url: 'http://127.0.0.1:9/x', event_types: ['lead.exploded'] }, admin);
    expect(bad.status).toBe(400);
    expect(bad.body.details[0]).toMatchObject({ field: 'event_types' });
    const remoteHttp = await server.post('/webhooks', { url: 'http://hooks.example.com/x', event_types: ['lead.created'] }, admin);
    expect(remoteHttp.status).toBe(400);
    expect(remoteHttp.body.details[0]).toMatchObject({ field: 'url' });
    const manager = await server.createUser('manager');
    expect((await server.get('/webhooks', manager.token)).status).toBe(403);
  });
});

describe('Webhook SSRF guard in production', () => {
  let server: LiveServer;
  let admin: string;

  beforeAll(async () => {
    const production = {
      NODE_ENV: 'production',
      MONGODB_DB_NAME: `live_${randomBytes(6).toString('hex')}`,
      JWT_ACCESS_SECRET: 'production-like-test-secret-0123456789abcdef',
      SIGNED_URL_SECRET: 'production-like-signed-url-secret-0123456789',
      ENCRYPTION_KEYS: `prod1:${Buffer.alloc(32, 7).toString('base64')}`,
      CORS_ORIGINS: 'https://crm.example.com',
      // What is under test is the address guard; production's two-factor requirement for admins has its own suite.
      TWO_FACTOR_REQUIRED_ROLES: 'none',
    };
    // Production starts only on a deployed database (indexes and migrations): deploy it as an operator would.
    ensureCliBuilt();
    execFileSync(process.execPath, [BUILT_CLI_ENTRY, 'db:deploy'], {
      cwd: `${__dirname}/../..`,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', MONGODB_URI: process.env.TEST_MONGODB_URI ?? '', ...production },
      stdio: 'pipe',
    });
    server = await LiveServer.start(production);
    admin = await server.adminToken();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it.each([
    ['http://93.184.215.14/hook', /must use https/],
    ['https://127.0.0.1/hook', /loopback|private/],
    ['https://[::1]/hook', /loopback|private/],
    ['https://[::ffff:127.0.0.1]/hook', /carries 127\.0\.0\.1/],
    ['https://169.254.169.254/latest/meta-data', /private, loopback, link-local/],
    ['https://10.0.0.5/hook', /private/],
    ['https://localhost/hook', /loopback|private/],
  ])('refuses %s', async (url, message) => {
    const response = await server.post('/webhooks', { url, event_types: ['lead.created'] }, admin);
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([{ field: 'url', message: expect.stringMatching(message) }]);
  });
});
