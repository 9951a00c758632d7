import { randomBytes } from 'crypto';
import { ADMIN } from '../support/admin';
import { LiveServer } from '../support/live-server';
import { OidcTestProvider } from '../support/oidc-test-provider';
import { beginSignIn, oneTimeCodeFor, openCallback, POST_LOGIN_REDIRECT, signInThroughProvider, singleSignOnEnv, singleSignOnPorts, startProvider } from '../support/oidc-sign-in';
import { enrolTwoFactor, totpCode } from '../support/two-factor';

const START_TIMEOUT_MS = 120_000;

/**
 * Single sign-on through a real OpenID Provider (oidc-provider in its own process) against the
 * compiled API, over HTTP: the browser's redirects are followed with fetch and a cookie jar.
 * Admins must use two-factor here (TWO_FACTOR_REQUIRED_ROLES=admin), so the provider's MFA is tested
 * against the CRM's own requirement.
 */
describe('OIDC sign-in through a real provider (e2e)', () => {
  const unique = randomBytes(3).toString('hex');
  const clientSecret = `oidc-client-secret-${randomBytes(12).toString('hex')}`;
  const emails = {
    seller: `seller.${unique}@logic.camp`,
    newAdmin: `new.admin.${unique}@logic.camp`,
    plainAdmin: `plain.admin.${unique}@logic.camp`,
    unverified: `unverified.${unique}@logic.camp`,
    totpUser: `totp.${unique}@logic.camp`,
    noGroup: `nogroup.${unique}@logic.camp`,
  };
  const accounts = {
    seller: { email: emails.seller.toUpperCase(), email_verified: true, given_name: 'Sally', family_name: 'Seller', groups: ['everyone', 'crm-sales'] },
    'new-admin': { email: emails.newAdmin, email_verified: true, given_name: 'Ada', family_name: 'Admin', groups: ['crm-admins'], amr: ['pwd', 'mfa'] },
    'plain-admin': { email: emails.plainAdmin, email_verified: true, groups: ['crm-admins'], amr: ['pwd'] },
    unverified: { email: emails.unverified, email_verified: false, groups: ['crm-sales'] },
    'totp-user': { email: emails.totpUser, email_verified: true, groups: ['crm-support'] },
    'no-group': { email: emails.noGroup, email_verified: true, groups: ['marketing'] },
  };
  let server: LiveServer;
  let provider: OidcTestProvider;
  let ports: { apiPort: number; providerPort: number };
  let admin: string;
  const issuedSecrets: string[] = [clientSecret];

  beforeAll(async () => {
    ports = await singleSignOnPorts();
    server = await LiveServer.start(singleSignOnEnv(ports.apiPort, ports.providerPort, clientSecret, { OIDC_PROVISION_USERS: 'true', TWO_FACTOR_REQUIRED_ROLES: 'admin' }), START_TIMEOUT_MS);
  }, START_TIMEOUT_MS + 10_000);
  afterAll(async () => {
    await provider?.stop();
    await server?.stop();
  });

  it('an unreachable provider is a 503 in the error shape (discovery is not cached on failure)', async () => {
    const response = await server.request('GET', '/auth/oidc/login');
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ statusCode: 503, message: expect.stringMatching(/identity provider cannot be reached/), details: [], requestId: expect.any(String) });
  });

  it('the bootstrap admin enrols TOTP (required for admins) and gets a full session to set up users', async () => {
    provider = await startProvider(ports.apiPort, ports.providerPort, clientSecret, accounts);
    const restricted = await server.login(ADMIN.email, ADMIN.password);
    await enrolTwoFactor(server, restricted.access_token);
    const refreshed = await server.request('POST', '/auth/refresh', { body: { refresh_token: restricted.refresh_token } });
    expect(refreshed.status).toBe(200);
    admin = refreshed.body.access_token;
    for (const [email, role] of [[emails.seller, 'tech'], [emails.unverified, 'sales'], [emails.totpUser, 'support']] as const) {
      const created = await server.request('POST', '/users', { token: admin, body: { first_name: 'Known', last_name: 'User', email, password: 'Str0ng-Passw0rd!', role } });
      expect(created.status).toBe(201);
    }
  });

  it('sends the browser to the provider with authorization code, PKCE S256, state and nonce', async () => {
    const authorization = await beginSignIn(server);
    expect(authorization.origin).toBe(provider.issuer);
    const params = authorization.searchParams;
    expect(params.get('response_type')).toBe('code');
    expect(params.get('client_id')).toBe('logic-camp-crm');
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.get('state')).toBeTruthy();
    expect(params.get('nonce')).toBeTruthy();
    expect(params.get('scope')).toBe('openid email profile groups');
    expect(params.get('client_secret')).toBeNull();
    // Nothing of the handshake is stored in clear.
    const stored = await (await server.db()).collection('oidc_sign_ins').findOne({ state_hash: { $exists: true } }, { sort: { _id: -1 } });
    expect(JSON.stringify(stored)).not.toContain(params.get('state'));
    expect(stored!.code_verifier_encrypted).toMatch(/^enc:v1:/);
  });

  it('signs a known user in (email matched case-insensitively) with the role its groups map to, in the login token shape', async () => {
    const code = await oneTimeCodeFor(server, provider, 'seller');
    issuedSecrets.push(code);
    const exchanged = await server.request('POST', '/auth/oidc/exchange', { body: { code } });
    expect(exchanged.status).toBe(200);
    expect(Object.keys(exchanged.body).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'token_type', 'user']);
    expect(exchanged.body.user).toMatchObject({ email: emails.seller, role: 'sales' });
    const token = exchanged.body.access_token;
    expect((await server.request('GET', '/leads', { token })).status).toBe(200);
    expect((await server.request('GET', '/users', { token })).status).toBe(403);
    // The same refresh-token family machinery as a password session.
    const refreshed = await server.request('POST', '/auth/refresh', { body: { refresh_token: exchanged.body.refresh_token } });
    expect(refreshed.status).toBe(200);
    expect((await server.request('GET', '/leads', { token: refreshed.body.access_token })).status).toBe(200);
    const login = await (await server.db()).collection('activity_logs').findOne({ action: 'login', entity_id: { $exists: true }, 'metadata.method': 'oidc' });
    expect(login).toMatchObject({ metadata: { method: 'oidc' } });
    expect(String(login!.entity_id)).toBe(exchanged.body.user.id);
  });

  it('provisions an unknown verified user as admin; the provider\'s MFA satisfies the admin two-factor requirement', async () => {
    const exchanged = await signInThroughProvider(server, provider, 'new-admin');
    expect(exchanged.status).toBe(200);
    expect(exchanged.body.user).toMatchObject({ email: emails.newAdmin, role: 'admin', first_name: 'Ada', last_name: 'Admin' });
    expect((await server.request('GET', '/users', { token: exchanged.body.access_token })).status).toBe(200);
    const refreshed = await server.request('POST', '/auth/refresh', { body: { refresh_token: exchanged.body.refresh_token } });
    expect((await server.request('GET', '/users', { token: refreshed.body.access_token })).status).toBe(200);
    const provisioned = await (await server.db()).collection('activity_logs').findOne({ action: 'user_provisioned' });
    expect(provisioned).toMatchObject({ metadata: { method: 'oidc', role: 'admin', groups: ['crm-admins'] } });
  });

  it('an admin whose provider reported no MFA gets the enrol-only session of an admin without TOTP', async () => {
    const exchanged = await signInThroughProvider(server, provider, 'plain-admin');
    expect(exchanged.status).toBe(200);
    const refused = await server.request('GET', '/users', { token: exchanged.body.access_token });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/Two-factor authentication is required for your role/);
  });

  it('an account with TOTP on still answers its code when the provider reported no MFA (the existing challenge)', async () => {
    const password = await server.login(emails.totpUser, 'Str0ng-Passw0rd!');
    const { secret } = await enrolTwoFactor(server, password.access_token);
    const exchanged = await signInThroughProvider(server, provider, 'totp-user');
    expect(exchanged.status).toBe(200);
    expect(exchanged.body).toMatchObject({ two_factor_required: true, challenge: expect.any(String) });
    expect(exchanged.body.access_token).toBeUndefined();
    const verified = await server.request('POST', '/auth/2fa/verify', { body: { challenge: exchanged.body.challenge, code: await totpCode(secret, 1) } });
    expect(verified.status).toBe(200);
    expect(verified.body.user).toMatchObject({ email: emails.totpUser, role: 'support' });
  });

  it('refuses a tampered state, a replayed callback and a reused one-time code', async () => {
    const callback = await provider.signIn((await beginSignIn(server)).href, 'seller');
    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${callback.searchParams.get('state')}x`);
    const refusedTampered = await openCallback(tampered);
    expect(refusedTampered.status).toBe(400);
    expect(refusedTampered.body).toMatchObject({ statusCode: 400, details: [{ field: 'state', message: expect.any(String) }] });
    const repeated = new URL(callback);
    repeated.searchParams.append('state', 'second');
    expect((await openCallback(repeated)).status).toBe(400);

    const opened = await openCallback(callback);
    expect(opened.status).toBe(302);
    expect(opened.location!.href.startsWith(`${POST_LOGIN_REDIRECT}?code=`)).toBe(true);
    // No token in the URL the browser lands on: only the one-time code.
    expect([...opened.location!.searchParams.keys()]).toEqual(['code']);
    const replayed = await openCallback(callback);
    expect(replayed.status).toBe(400);

    const code = opened.location!.searchParams.get('code')!;
    issuedSecrets.push(code, callback.searchParams.get('code')!, callback.searchParams.get('state')!);
    expect((await server.request('POST', '/auth/oidc/exchange', { body: { code } })).status).toBe(200);
    const reused = await server.request('POST', '/auth/oidc/exchange', { body: { code } });
    expect(reused.status).toBe(401);
    expect(reused.body.message).toMatch(/invalid, expired or already used/);
    expect((await server.request('POST', '/auth/oidc/exchange', { body: { code: 'x'.repeat(43) } })).status).toBe(401);
  });

  it('refuses an unverified email and a user with no mapped group (403, audited), and creates nobody', async () => {
    for (const [account, message] of [['unverified', /has not verified this email/], ['no-group', /None of your identity provider groups/]] as const) {
      const callback = await provider.signIn((await beginSignIn(server)).href, account);
      const refused = await openCallback(callback);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ statusCode: 403, message: expect.stringMatching(message), requestId: expect.any(String) });
    }
    const db = await server.db();
    expect(await db.collection('users').countDocuments({ email: emails.noGroup })).toBe(0);
    expect(await db.collection('activity_logs').countDocuments({ action: 'login_failed', 'metadata.method': 'oidc', 'metadata.reason': { $in: ['email_not_verified', 'no_mapped_group'] } })).toBe(2);
  });

  it('puts no client secret, state, authorization code or one-time code in a log line, an audit record or a stored handshake', async () => {
    const db = await server.db();
    const trail = JSON.stringify(await db.collection('activity_logs').find({}).toArray());
    const handshakes = JSON.stringify(await db.collection('oidc_sign_ins').find({}).toArray());
    const logs = server.logs.join('\n');
    expect(issuedSecrets.length).toBeGreaterThanOrEqual(4);
    for (const secret of issuedSecrets) {
      expect(logs).not.toContain(secret);
      expect(trail).not.toContain(secret);
      expect(handshakes).not.toContain(secret);
    }
  });
});
