import { randomBytes } from 'crypto';
import { TestApp } from './support/test-app';
import { enrolTwoFactor, totpCode } from './support/two-factor';

/**
 * Plants known secrets through the API — a password, a card number, a CVV, refresh tokens, a TOTP
 * secret and its recovery codes, an API key — then
 * scans every response, every log line, every audit record and every stored document this app
 * produced. The only places a secret may appear are the responses that hand it to its owner
 * (the token a login issues, the number the audited reveal returns).
 */
describe('Secrets never leak (e2e)', () => {
  let t: TestApp;
  const unique = randomBytes(4).toString('hex');
  const secrets = {
    password: `Leak-Pw-${unique}-9x!`,
    newPassword: `Leak-Pw2-${unique}-7y!`,
    wrongPassword: `Wrong-Pw-${unique}-5z!`,
    // Valid Visa test number (Luhn), unusual enough never to appear by accident.
    cardNumber: '4556737586899855',
    cvv: '8317',
  };
  const refreshTokens: string[] = [];
  /** Two-factor and integration secrets, known once the API has issued them. */
  const issuedSecrets: string[] = [];
  /** Raw bodies that legitimately carry a secret to its owner. */
  const issuing = new Set<string>();

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('plants the secrets through ordinary use of the API', async () => {
    const admin = await t.adminToken();
    const email = `leak.${unique}@logic.camp`;
    const created = await t.post('/users', { first_name: 'Leak', last_name: 'Target', email, password: secrets.password, role: 'sales' }, admin);
    expect(created.status).toBe(201);

    expect((await t.post('/auth/login', { email, password: secrets.wrongPassword })).status).toBe(401);
    const login = await t.post('/auth/login', { email, password: secrets.password });
    expect(login.status).toBe(200);
    issuing.add(login.raw);
    refreshTokens.push(login.body.refresh_token);
    const refreshed = await t.post('/auth/refresh', { refresh_token: login.body.refresh_token });
    expect(refreshed.status).toBe(200);
    issuing.add(refreshed.raw);
    refreshTokens.push(refreshed.body.refresh_token);
    // Replaying the spent token is refused (and must not be echoed); it ends that session, the refreshed access token included.
    expect((await t.post('/auth/refresh', { refresh_token: login.body.refresh_token })).status).toBe(401);
    expect((await t.get('/auth/me', refreshed.body.access_token)).status).toBe(401);
    const current = await t.post('/auth/login', { email, password: secrets.password });
    issuing.add(current.raw);
    refreshTokens.push(current.body.refresh_token);
    const changed = await t.post('/auth/change-password', { current_password: secrets.password, new_password: secrets.newPassword }, current.body.access_token);
    expect(changed.status).toBeLessThan(300);
    // A weak or malformed password is refused without being echoed.
    expect((await t.post('/users', { first_name: 'X', last_name: 'Y', email: `weak.${unique}@logic.camp`, password: secrets.cardNumber, role: 'tech' }, admin)).status).toBe(400);

    const customer = await t.post('/customers', { name: 'Leak Customer Ltd', email: `buyer.${unique}@example.com` }, admin);
    expect(customer.status).toBe(201);
    const card = {
      card_holder: 'Leak Customer',
      card_number: secrets.cardNumber,
      cvv: secrets.cvv,
      expiry_month: 12,
      expiry_year: new Date().getUTCFullYear() + 3,
    };
    const stored = await t.post(`/customers/${customer.body.id}/charge-details`, card, admin);
    expect(stored.status).toBe(201);
    // Rejected input carrying the secrets is not echoed either.
    expect((await t.post(`/customers/${customer.body.id}/charge-details`, { ...card, expiry_year: 2001 }, admin)).status).toBe(400);
    expect((await t.post(`/customers/${customer.body.id}/charge-details`, { ...card, card_number: `${secrets.cardNumber.slice(0, 15)}4` }, admin)).status).toBe(400);
    expect((await t.get(`/customers/${customer.body.id}/charge-details`, admin)).status).toBe(200);
    expect((await t.get(`/charge-details/${stored.body.id}`, admin)).status).toBe(200);
    expect((await t.patch(`/charge-details/${stored.body.id}`, { card_holder: 'Leak C. Ustomer' }, admin)).status).toBe(200);

    // Two-factor: the secret and the recovery codes are shown once (enrol, confirm), then only ever presented.
    const twoFactor = await enrolTwoFactor(t, admin);
    issuing.add(twoFactor.enrolRaw);
    issuing.add(twoFactor.confirmRaw);
    issuedSecrets.push(twoFactor.secret, ...twoFactor.recoveryCodes);
    const challenge = await t.post('/auth/login', { email: 'admin@logic.camp', password: 'Admin-Passw0rd!' });
    expect(challenge.body.two_factor_required).toBe(true);
    expect((await t.post('/auth/2fa/verify', { challenge: challenge.body.challenge, recovery_code: twoFactor.recoveryCodes[0] })).status).toBe(200);
    expect((await t.post('/auth/2fa/verify', { challenge: challenge.body.challenge, recovery_code: twoFactor.recoveryCodes[1] })).status).toBe(401);
    // Each response of a successful verify is a token pair: issuing.
    t.responses.filter((body) => body.includes('"access_token"')).forEach((body) => issuing.add(body));

    // An API key: shown once at creation, then sent on requests and revoked.
    const key = await t.post('/api-keys', { name: 'leak scan', scopes: ['crm:read'] }, admin);
    expect(key.status).toBe(201);
    issuing.add(key.raw);
    issuedSecrets.push(key.body.key);
    expect((await t.get('/customers', key.body.key)).status).toBe(200);
    expect((await t.get('/api-keys', admin)).status).toBe(200);
    expect((await t.delete(`/api-keys/${key.body.id}`, admin)).status).toBe(200);
    expect((await t.get('/customers', key.body.key)).status).toBe(401);

    const revealed = await t.post(`/charge-details/${stored.body.id}/reveal`, { code: await totpCode(twoFactor.secret, 0) }, admin);
    expect(revealed.raw).toContain(secrets.cardNumber);
    issuing.add(revealed.raw);
    await t.settled(); // the audit records are written with their requests; none left in flight
  });

  const planted = () => [secrets.password, secrets.newPassword, secrets.wrongPassword, secrets.cardNumber, ...refreshTokens, ...issuedSecrets];

  it('no response carries a secret, except the one that hands it to its owner', () => {
    const leaks = t.responses.filter((body) => !issuing.has(body)).flatMap((body) => found(body));
    expect(leaks).toEqual([]);
    expect(t.responses.filter((body) => new RegExp(`"${secrets.cvv}"`).test(body))).toEqual([]);
  });

  it('no log line carries a secret', () => {
    expect(t.logs.length).toBeGreaterThan(10);
    expect(t.logs.flatMap((line) => found(line))).toEqual([]);
    // As a whole number: a bare 4-digit substring also turns up inside timestamps, ids and durations.
    expect(t.logs.filter((line) => new RegExp(`\\b${secrets.cvv}\\b`).test(line))).toEqual([]);
    expect(t.logs.filter((line) => /Bearer\s+ey/.test(line))).toEqual([]);
  });

  it('no audit record carries a secret', async () => {
    const records = await t.connection.collection('activity_logs').find().toArray();
    expect(records.length).toBeGreaterThan(5);
    const text = JSON.stringify(records);
    expect(found(text)).toEqual([]);
    expect(text).not.toContain(`"${secrets.cvv}"`);
    // The reveal itself is on the trail.
    expect(records.some((record) => record.action === 'read' && record.entity_type === 'customer_charge_details')).toBe(true);
  });

  it('no stored document carries a secret in plain text (hashes and ciphertext only)', async () => {
    const leaks: string[] = [];
    for (const { name } of await t.connection.db!.listCollections().toArray()) {
      const text = JSON.stringify(await t.connection.collection(name).find().toArray());
      leaks.push(...found(text).map((secret) => `${name}: ${secret.slice(0, 6)}…`));
      if (text.includes(`"${secrets.cvv}"`)) leaks.push(`${name}: cvv`);
    }
    expect(leaks).toEqual([]);
  });

  function found(text: string): string[] {
    return planted().filter((secret) => text.includes(secret));
  }
});
