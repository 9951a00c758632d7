import { randomBytes } from 'crypto';
import { ObjectId } from 'mongodb';
import { ADMIN } from '../support/admin';
import { LiveServer } from '../support/live-server';
import { OidcTestProvider } from '../support/oidc-test-provider';
import { beginSignIn, openCallback, signInThroughProvider, singleSignOnEnv, singleSignOnPorts, startProvider } from '../support/oidc-sign-in';

const START_TIMEOUT_MS = 120_000;
const PASSWORD = 'Str0ng-Passw0rd!';

/** SSO_ENFORCED: password sign-in off except for break-glass admins; user provisioning off (the default). */
describe('SSO_ENFORCED with break-glass admins, provisioning off (e2e)', () => {
  const unique = randomBytes(3).toString('hex');
  const clientSecret = `oidc-client-secret-${randomBytes(12).toString('hex')}`;
  const emails = {
    agent: `agent.${unique}@logic.camp`,
    listedSeller: `listed.seller.${unique}@logic.camp`,
    otherAdmin: `other.admin.${unique}@logic.camp`,
    stranger: `stranger.${unique}@logic.camp`,
    leaver: `leaver.${unique}@logic.camp`,
  };
  let server: LiveServer;
  let provider: OidcTestProvider;
  let admin: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const { apiPort, providerPort } = await singleSignOnPorts();
    provider = await startProvider(apiPort, providerPort, clientSecret, {
      agent: { email: emails.agent, email_verified: true, groups: ['crm-sales'] },
      stranger: { email: emails.stranger, email_verified: true, groups: ['crm-sales'] },
      leaver: { email: emails.leaver, email_verified: true, groups: ['crm-sales'] },
    });
    server = await LiveServer.start(
      singleSignOnEnv(apiPort, providerPort, clientSecret, { SSO_ENFORCED: 'true', SSO_BREAK_GLASS_EMAILS: `${ADMIN.email.toUpperCase()}, ${emails.listedSeller}` }),
      START_TIMEOUT_MS,
    );
  }, START_TIMEOUT_MS + 30_000);
  afterAll(async () => {
    await provider?.stop();
    await server?.stop();
  });

  it('admits the break-glass admin with a password, and the session refreshes like any other', async () => {
    const session = await server.login(ADMIN.email, ADMIN.password);
    admin = session.access_token;
    for (const [key, role] of [['agent', 'sales'], ['listedSeller', 'sales'], ['otherAdmin', 'admin'], ['leaver', 'sales']] as const) {
      const created = await server.request('POST', '/users', { token: admin, body: { first_name: 'Known', last_name: 'User', email: emails[key], password: PASSWORD, role } });
      expect(created.status).toBe(201);
      ids[key] = created.body.id;
    }
    // Sessions that exist keep working under enforcement (it decides how a session starts).
    const refreshed = await server.request('POST', '/auth/refresh', { body: { refresh_token: session.refresh_token } });
    expect(refreshed.status).toBe(200);
  });

  it('refuses password sign-in for a normal user (403 pointing to /auth/oidc/login), the same for an unknown email, audited', async () => {
    for (const body of [{ email: emails.agent, password: PASSWORD }, { email: emails.agent, password: 'Wrong-Passw0rd!' }, { email: `nobody.${unique}@logic.camp`, password: PASSWORD }]) {
      const refused = await server.request('POST', '/auth/login', { body });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ statusCode: 403, message: expect.stringMatching(/single sign-on.*GET \/auth\/oidc\/login/), requestId: expect.any(String) });
    }
    const audited = await (await server.db()).collection('activity_logs').countDocuments({ action: 'login_failed', 'metadata.reason': 'sso_enforced' });
    expect(audited).toBe(3);
  });

  it('a listed email that is not an admin is not break-glass', async () => {
    const refused = await server.request('POST', '/auth/login', { body: { email: emails.listedSeller, password: PASSWORD } });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/GET \/auth\/oidc\/login/);
  });

  it('a break-glass sign-in is audited by name and notifies the other admins, not the one signing in', async () => {
    const db = await server.db();
    const before = await db.collection('activity_logs').countDocuments({ action: 'break_glass_login' });
    const session = await server.login(ADMIN.email, ADMIN.password);
    const adminId = session.user.id;
    expect(await db.collection('activity_logs').countDocuments({ action: 'break_glass_login' })).toBe(before + 1);
    const record = await db.collection('activity_logs').findOne({ action: 'break_glass_login' }, { sort: { _id: -1 } });
    // The trail masks emails like every other PII field; the record names the action and the admin's id.
    expect(record).toMatchObject({ entity_type: 'user', actor: `user:${adminId}`, metadata: { email: 'a***@logic.camp', sso_enforced: true } });
    expect(String(record!.entity_id)).toBe(adminId);
    expect(JSON.stringify(record)).not.toContain(ADMIN.password);

    const notified = await db.collection('notifications').find({ type: 'break_glass_sign_in' }).toArray();
    // The first break-glass sign-in (before the other admin existed) notified nobody; this one, the other admin only.
    expect(notified.map((n) => String(n.user_id))).toEqual([ids.otherAdmin]);
    expect(notified[0]).toMatchObject({ title: `Break-glass sign-in: ${ADMIN.email}`, entity_type: 'user' });
    expect(notified[0].entity_id).toEqual(new ObjectId(adminId));
    expect(notified[0].body).toMatch(/while single sign-on is enforced/);
  });

  it('the refused user signs in through the provider instead, with the mapped role', async () => {
    const exchanged = await signInThroughProvider(server, provider, 'agent');
    expect(exchanged.status).toBe(200);
    expect(exchanged.body.user).toMatchObject({ email: emails.agent, role: 'sales' });
    expect((await server.request('GET', '/leads', { token: exchanged.body.access_token })).status).toBe(200);
  });

  it('with provisioning off, an unknown verified email is a clear 403 and no user is created', async () => {
    const refused = await openCallback(await provider.signIn((await beginSignIn(server)).href, 'stranger'));
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/no CRM account for this email address.*OIDC_PROVISION_USERS/);
    const db = await server.db();
    expect(await db.collection('users').countDocuments({ email: emails.stranger })).toBe(0);
    expect(await db.collection('activity_logs').countDocuments({ action: 'login_failed', 'metadata.reason': 'unknown_user' })).toBe(1);
  });

  it('a deactivated user is refused at the callback', async () => {
    expect((await server.request('PATCH', `/users/${ids.leaver}`, { token: admin, body: { is_active: false } })).status).toBe(200);
    const refused = await openCallback(await provider.signIn((await beginSignIn(server)).href, 'leaver'));
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/deactivated/);
  });
});

describe('Single sign-on not configured (e2e)', () => {
  let server: LiveServer;

  beforeAll(async () => {
    server = await LiveServer.start({}, START_TIMEOUT_MS);
  }, START_TIMEOUT_MS + 10_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('answers every /auth/oidc route 404 in the error shape, and password sign-in works', async () => {
    for (const [method, path, body] of [['GET', '/auth/oidc/login'], ['GET', '/auth/oidc/callback?state=abc&code=def'], ['POST', '/auth/oidc/exchange', { code: 'a'.repeat(43) }], ['POST', '/auth/oidc/exchange', {}]] as const) {
      const response = await server.request(method, path, { body });
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ statusCode: 404, message: expect.stringMatching(/Single sign-on is not configured/), requestId: expect.any(String) });
    }
    expect((await server.request('POST', '/auth/login', { body: { email: ADMIN.email, password: ADMIN.password } })).status).toBe(200);
  });
});
