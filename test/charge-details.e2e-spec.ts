import { Types } from 'mongoose';
import { FieldEncryptionService } from '@app/crypto';
import { ChargeDetailsService } from '@app/crm';
import { componentValidator } from './support/openapi-schema';
import { TestApp } from './support/test-app';
import { enrolTwoFactor, stepUpToken, totpCode } from './support/two-factor';

type User = Awaited<ReturnType<TestApp['createUser']>>;

const HOUR = 3600 * 1000;
const NEXT_YEAR = new Date().getUTCFullYear() + 1;
const VISA = '4556737586899855';
const MASTERCARD = '5555555555554444';
const AMEX = '378282246310005';
const CVV = '7315';


describe('Customer charge details (e2e)', () => {
  let t: TestApp;
  let admin: string;
  /** The admin's TOTP secret, and a step-up token of the admin's session (reveals need a second factor). */
  let adminSecret: string;
  let stepUp: { step_up_token: string };
  let manager: User;
  let sales: User;
  let otherSales: User;
  let tech: User;
  let customerId: string;

  const card = (overrides: Record<string, unknown> = {}) => ({
    card_holder: 'Ada Lovelace',
    card_number: VISA,
    cvv: CVV,
    expiry_month: 12,
    expiry_year: NEXT_YEAR,
    billing_address: { line1: '1 Analytical Way', city: 'London', country: 'gb' },
    ...overrides,
  });

  async function createCustomer(token: string, name = 'Analytical Engines Ltd'): Promise<string> {
    const response = await t.post('/customers', { name }, token);
    if (response.status !== 201) throw new Error(`create customer: ${response.status} ${response.raw}`);
    return response.body.id;
  }

  async function addCard(overrides: Record<string, unknown> = {}, customer = customerId, token = admin) {
    const response = await t.post(`/customers/${customer}/charge-details`, card(overrides), token);
    if (response.status !== 201) throw new Error(`add card: ${response.status} ${response.raw}`);
    return response.body;
  }

  const rawCard = (id: string) => t.connection.collection('customer_charge_details').findOne({ _id: new Types.ObjectId(id) });

  beforeAll(async () => {
    t = await TestApp.start({ CVV_RETENTION_HOURS: '24' });
    admin = await t.adminToken();
    adminSecret = (await enrolTwoFactor(t, admin)).secret;
    stepUp = { step_up_token: await stepUpToken(t, admin, adminSecret) };
    [manager, sales, otherSales, tech] = [await t.createUser('manager'), await t.createUser('sales'), await t.createUser('sales'), await t.createUser('tech')];
    customerId = await createCustomer(sales.token);
  });
  afterAll(async () => {
    await t.stop();
  });

  describe('storing a card', () => {
    it('returns brand, last four, a masked number and expiry, never the number or CVV', async () => {
      const response = await t.post(`/customers/${customerId}/charge-details`, card(), sales.token);
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.any(String),
        customer_id: customerId,
        card_holder: 'Ada Lovelace',
        brand: 'visa',
        card_last4: '9855',
        masked_number: '**** **** **** 9855',
        expiry_month: 12,
        expiry_year: NEXT_YEAR,
        billing_address: { line1: '1 Analytical Way', line2: null, city: 'London', state: null, postal_code: null, country: 'GB' },
        is_default: true,
        has_cvv: true,
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      expect(response.raw).not.toContain(VISA);
      expect(response.raw).not.toContain(CVV);
    });

    it('stores the number and CVV only as AES-256-GCM ciphertext with the key id', async () => {
      const created = await addCard({ card_number: '4111 1111-1111 1111', cvv: '904' });
      const doc = (await rawCard(created.id))!;
      const text = JSON.stringify(doc);
      expect(text).not.toContain('4111111111111111');
      expect(text).not.toContain('4111 1111');
      expect(text).not.toMatch(/"904"/);
      expect(doc).not.toHaveProperty('card_number');
      expect(doc).not.toHaveProperty('cvv');
      expect(doc.card_number_encrypted).toMatch(/^enc:v1:[A-Za-z0-9_-]+:/);
      expect(doc.cvv_encrypted).toMatch(/^enc:v1:/);
      const encryption = t.app.get(FieldEncryptionService);
      expect(doc.key_id).toBe(encryption.keyIdOf(doc.card_number_encrypted));
      expect(encryption.decrypt(doc.card_number_encrypted)).toBe('4111111111111111');
      expect(doc).toMatchObject({ card_last4: '1111', brand: 'visa', expiry_month: 12, expiry_year: NEXT_YEAR, is_default: false });
    });

    it('refuses a mistyped number, an expired card and malformed fields with field errors that do not echo the number', async () => {
      const luhn = await t.post(`/customers/${customerId}/charge-details`, card({ card_number: '4556737586899856' }), admin);
      expect(luhn.status).toBe(400);
      expect(luhn.body.details).toEqual([{ field: 'card_number', message: 'card_number is not a valid card number (Luhn check failed); check for a mistyped digit' }]);
      expect(luhn.raw).not.toContain('4556737586899856');

      const pastYear = await t.post(`/customers/${customerId}/charge-details`, card({ expiry_year: 2001, expiry_month: 5 }), admin);
      expect(pastYear.status).toBe(400);
      expect(pastYear.body.details).toEqual([{ field: 'expiry_year', message: expect.stringMatching(/^expiry_year is in the past: the card expired 05\/2001 and it is now \d\d\/\d{4}$/) }]);

      const now = new Date();
      if (now.getUTCMonth() > 0) {
        const pastMonth = await t.post(`/customers/${customerId}/charge-details`, card({ expiry_year: now.getUTCFullYear(), expiry_month: now.getUTCMonth() }), admin);
        expect(pastMonth.status).toBe(400);
        expect(pastMonth.body.details.map((d: { field: string }) => d.field)).toEqual(['expiry_month']);
      }
      const thisMonth = await t.post(`/customers/${customerId}/charge-details`, card({ expiry_year: now.getUTCFullYear(), expiry_month: now.getUTCMonth() + 1 }), admin);
      expect(thisMonth.status).toBe(201);

      const cases: [Record<string, unknown>, string][] = [
        [{ expiry_year: 29 }, 'expiry_year'],
        [{ expiry_month: 13 }, 'expiry_month'],
        [{ card_number: '1234567812345670' }, 'card_number'],
        [{ card_number: 4556737586899855 }, 'card_number'],
        [{ card_number: AMEX, cvv: '123' }, 'cvv'],
        [{ cvv: 123 }, 'cvv'],
        [{ card_holder: '' }, 'card_holder'],
        [{ billing_address: { line1: 'x', city: 'y', country: 'Atlantis' } }, 'billing_address.country'],
      ];
      for (const [overrides, field] of cases) {
        const response = await t.post(`/customers/${customerId}/charge-details`, card(overrides), admin);
        expect({ field, status: response.status }).toEqual({ field, status: 400 });
        expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
        expect(response.raw).not.toContain(VISA);
      }
      expect((await t.post(`/customers/${customerId}/charge-details`, { ...card(), unknown: 1 }, admin)).status).toBe(400);
    });

    it('accepts an Amex with a 4-digit CID and no CVV at all', async () => {
      expect((await addCard({ card_number: AMEX, cvv: '1234' })).brand).toBe('amex');
      const noCvv = await addCard({ card_number: MASTERCARD, cvv: undefined });
      expect(noCvv).toMatchObject({ brand: 'mastercard', has_cvv: false });
      expect((await rawCard(noCvv.id))!.cvv_encrypted).toBeUndefined();
    });

    it('404 for an unknown or deleted customer', async () => {
      expect((await t.post(`/customers/${new Types.ObjectId().toHexString()}/charge-details`, card(), admin)).status).toBe(404);
      const gone = await createCustomer(admin, 'Gone Ltd');
      expect((await t.delete(`/customers/${gone}`, admin)).status).toBe(204);
      expect((await t.post(`/customers/${gone}/charge-details`, card(), admin)).status).toBe(404);
      expect((await t.get(`/customers/${gone}/charge-details`, admin)).status).toBe(404);
    });
  });

  describe('access', () => {
    it('sales users handle cards of customers they own only; tech users none', async () => {
      const cardOfSales = await addCard({}, customerId, sales.token);
      expect((await t.get(`/customers/${customerId}/charge-details`, sales.token)).status).toBe(200);
      expect((await t.get(`/charge-details/${cardOfSales.id}`, sales.token)).status).toBe(200);
      expect((await t.get(`/customers/${customerId}/charge-details`, otherSales.token)).status).toBe(403);
      expect((await t.get(`/charge-details/${cardOfSales.id}`, otherSales.token)).status).toBe(403);
      expect((await t.post(`/customers/${customerId}/charge-details`, card(), otherSales.token)).status).toBe(403);
      expect((await t.patch(`/charge-details/${cardOfSales.id}`, { card_holder: 'X' }, otherSales.token)).status).toBe(403);
      expect((await t.delete(`/charge-details/${cardOfSales.id}`, otherSales.token)).status).toBe(403);
      expect((await t.get(`/charge-details/${cardOfSales.id}`, manager.token)).status).toBe(200);
      expect((await t.get(`/customers/${customerId}/charge-details`, tech.token)).status).toBe(403);
      expect((await t.get(`/charge-details/${cardOfSales.id}`, tech.token)).status).toBe(403);
      expect((await t.get(`/charge-details/${new Types.ObjectId().toHexString()}`, admin)).status).toBe(404);
      expect((await t.get('/charge-details/not-an-id', admin)).status).toBe(400);
    });
  });

  describe('reveal', () => {
    it('admins see the full number (never the CVV) and each reveal is audited without the number', async () => {
      const created = await addCard({ card_number: MASTERCARD, cvv: '321' });
      const revealed = await t.post(`/charge-details/${created.id}/reveal`, stepUp, admin);
      expect(revealed.status).toBe(200);
      expect(revealed.body).toEqual({
        id: created.id,
        customer_id: customerId,
        card_holder: 'Ada Lovelace',
        brand: 'mastercard',
        card_number: MASTERCARD,
        expiry_month: 12,
        expiry_year: NEXT_YEAR,
      });
      expect(revealed.raw).not.toContain('321');

      const records = await t.connection.collection('activity_logs').find({ entity_id: new Types.ObjectId(created.id), action: 'read' }).toArray();
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ entity_type: 'customer_charge_details', metadata: { field: 'card_number', outcome: 'revealed', customer_id: customerId } });
      expect(String(records[0].user_id)).toBe((await t.get('/auth/me', admin)).body.id);
      expect(JSON.stringify(records)).not.toContain(MASTERCARD);
    });

    it('needs a second factor no older than 5 minutes: refused without, allowed with a code (once) or a step-up token', async () => {
      const created = await addCard();
      const bare = await t.post(`/charge-details/${created.id}/reveal`, {}, admin);
      expect(bare.status).toBe(403);
      expect(bare.body.message).toMatch(/second factor no older than 5 minutes.*POST \/auth\/step-up/);
      expect((await t.post(`/charge-details/${created.id}/reveal`, stepUp, admin)).status).toBe(200);
      expect((await t.post(`/charge-details/${created.id}/reveal`, { step_up_token: 'a.b.c' }, admin)).status).toBe(403);

      const other = await t.createUser('admin');
      const { secret } = await enrolTwoFactor(t, other.token);
      const code = await totpCode(secret, 1);
      expect((await t.post(`/charge-details/${created.id}/reveal`, { code }, other.token)).status).toBe(200);
      const replay = await t.post(`/charge-details/${created.id}/reveal`, { code }, other.token);
      expect(replay.status).toBe(403);
      expect(replay.body.message).toBe('The code is not valid or was already used');
      // Another admin's step-up token is bound to that admin's session.
      expect((await t.post(`/charge-details/${created.id}/reveal`, stepUp, other.token)).status).toBe(403);
      const records = await t.connection.collection('activity_logs').find({ action: 'second_factor', user_id: new Types.ObjectId(other.id), 'metadata.purpose': 'reveal' }).toArray();
      expect(records.map((r) => r.metadata.result)).toEqual(['passed', 'failed']);
    });

    it('an admin without two-factor is told to enrol', async () => {
      const created = await addCard();
      const otherAdmin = await t.createUser('admin');
      const refused = await t.post(`/charge-details/${created.id}/reveal`, {}, otherAdmin.token);
      expect(refused.status).toBe(403);
      expect(refused.body.message).toBe('This action needs two-factor authentication: enrol with POST /auth/2fa/enroll and POST /auth/2fa/confirm');
    });

    it('is for admins only', async () => {
      const created = await addCard({}, customerId, sales.token);
      for (const user of [manager, sales, tech]) expect((await t.post(`/charge-details/${created.id}/reveal`, {}, user.token)).status).toBe(403);
      expect(await t.connection.collection('activity_logs').countDocuments({ entity_id: new Types.ObjectId(created.id), action: 'read' })).toBe(0);
      expect((await t.post(`/charge-details/${new Types.ObjectId().toHexString()}/reveal`, stepUp, admin)).status).toBe(404);
    });

    it('a tampered ciphertext fails cleanly: a 409 JSON error that leaks neither the ciphertext nor a stack, and an audited failure', async () => {
      const created = await addCard();
      const stored = (await rawCard(created.id))!.card_number_encrypted as string;
      const parts = stored.split(':');
      const body = Buffer.from(parts[5], 'base64url');
      body[0] ^= 0x01;
      parts[5] = body.toString('base64url');
      await t.connection.collection('customer_charge_details').updateOne({ _id: new Types.ObjectId(created.id) }, { $set: { card_number_encrypted: parts.join(':') } });

      const response = await t.post(`/charge-details/${created.id}/reveal`, stepUp, admin);
      expect(response.status).toBe(409);
      expect(response.headers['content-type']).toMatch(/application\/json/);
      expect(response.body).toEqual({
        statusCode: 409,
        error: 'Conflict',
        message: expect.stringMatching(/failed its integrity check.*delete this card and add it again/),
        details: [],
        requestId: expect.any(String),
      });
      for (const secret of [stored, parts.join(':'), parts[5], 'enc:v1', VISA, 'at ', 'DecryptionError']) expect(response.raw).not.toContain(secret);
      const failure = await t.connection.collection('activity_logs').findOne({ entity_id: new Types.ObjectId(created.id), action: 'read' });
      expect(failure).toMatchObject({ entity_type: 'customer_charge_details', metadata: { outcome: 'failed' } });
      // The masked reads keep working.
      expect((await t.get(`/charge-details/${created.id}`, admin)).status).toBe(200);
    });
  });

  describe('default card', () => {
    it('the first card is the default, a new default demotes the old one, and there is never more than one', async () => {
      const customer = await createCustomer(admin, 'Defaults Inc');
      const first = await addCard({}, customer);
      const second = await addCard({ card_number: MASTERCARD, is_default: false }, customer);
      expect([first.is_default, second.is_default]).toEqual([true, false]);

      const third = await addCard({ card_number: AMEX, cvv: '4321', is_default: true }, customer);
      expect(third.is_default).toBe(true);
      const defaults = async () => (await t.get(`/customers/${customer}/charge-details?limit=100`, admin)).body.data.filter((c: { is_default: boolean }) => c.is_default).map((c: { id: string }) => c.id);
      expect(await defaults()).toEqual([third.id]);

      const promoted = await t.patch(`/charge-details/${second.id}`, { is_default: true }, admin);
      expect(promoted.status).toBe(200);
      expect(promoted.body.is_default).toBe(true);
      expect(await defaults()).toEqual([second.id]);

      const unset = await t.patch(`/charge-details/${second.id}`, { is_default: false }, admin);
      expect(unset.status).toBe(409);
      expect(unset.body.message).toMatch(/make another card the default/);

      // Deleting the default hands it to the newest remaining card.
      expect((await t.delete(`/charge-details/${second.id}`, admin)).status).toBe(204);
      expect(await defaults()).toEqual([third.id]);
    });
  });

  describe('update and delete', () => {
    it('changes holder, expiry and address; refuses a past expiry and any change of number or CVV', async () => {
      const created = await addCard();
      const updated = await t.patch(`/charge-details/${created.id}`, { card_holder: 'A. Lovelace', expiry_year: NEXT_YEAR + 2, billing_address: null }, admin);
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ card_holder: 'A. Lovelace', expiry_year: NEXT_YEAR + 2, billing_address: null, card_last4: '9855' });

      const past = await t.patch(`/charge-details/${created.id}`, { expiry_year: 2020 }, admin);
      expect(past.status).toBe(400);
      expect(past.body.details).toEqual([{ field: 'expiry_year', message: expect.stringMatching(/is in the past/) }]);
      expect((await t.patch(`/charge-details/${created.id}`, { card_number: MASTERCARD }, admin)).status).toBe(400);
      expect((await t.patch(`/charge-details/${created.id}`, { cvv: '123' }, admin)).status).toBe(400);
    });

    it('deletes softly: gone from the API, kept (still encrypted) in the database', async () => {
      const created = await addCard();
      expect((await t.delete(`/charge-details/${created.id}`, admin)).status).toBe(204);
      expect((await t.get(`/charge-details/${created.id}`, admin)).status).toBe(404);
      expect((await t.delete(`/charge-details/${created.id}`, admin)).status).toBe(404);
      const list = await t.get(`/customers/${customerId}/charge-details?limit=100`, admin);
      expect(list.body.data.map((c: { id: string }) => c.id)).not.toContain(created.id);
      const doc = (await rawCard(created.id))!;
      expect(doc.deleted_at).toBeInstanceOf(Date);
      expect(doc.card_number_encrypted).toMatch(/^enc:v1:/);
    });
  });

  describe('CVV purge', () => {
    it('erases CVV ciphertext once the retention has passed, and not before', async () => {
      const purge = t.app.get(ChargeDetailsService);
      const created = await addCard({ cvv: '246' });
      const deleted = await addCard({ cvv: '135' });
      await t.delete(`/charge-details/${deleted.id}`, admin);
      const storedAt = (await rawCard(created.id))!.cvv_stored_at as Date;

      expect(await purge.purgeExpiredCvv(new Date(storedAt.getTime() + 23 * HOUR))).toBe(0);
      expect((await rawCard(created.id))!.cvv_encrypted).toMatch(/^enc:v1:/);

      // Every CVV stored by this suite is past the retention at now + 25h, deleted cards included.
      const cards = t.connection.collection('customer_charge_details');
      const withCvv = await cards.countDocuments({ cvv_encrypted: { $exists: true } });
      expect(withCvv).toBeGreaterThan(2);
      expect(await purge.purgeExpiredCvv(new Date(Date.now() + 25 * HOUR))).toBe(withCvv);
      expect(await cards.countDocuments({ cvv_encrypted: { $exists: true } })).toBe(0);
      for (const id of [created.id, deleted.id]) {
        const doc = (await rawCard(id))!;
        expect(doc.cvv_encrypted).toBeUndefined();
        expect(doc.cvv_stored_at).toBeUndefined();
        expect(doc.card_number_encrypted).toMatch(/^enc:v1:/);
      }
      expect((await t.get(`/charge-details/${created.id}`, admin)).body.has_cvv).toBe(false);
      expect(await purge.purgeExpiredCvv(new Date(Date.now() + 25 * HOUR))).toBe(0);
    });
  });

  describe('round trips', () => {
    it('the list costs the same database commands whatever the page size', async () => {
      const customer = await createCustomer(admin, 'Round Trips Ltd');
      for (const number of [VISA, MASTERCARD, AMEX]) await addCard({ card_number: number, cvv: '1234' }, customer);
      const expected = ['aggregate customer_charge_details', 'find customer_charge_details', 'find customers', 'find users'];
      for (const limit of [1, 3]) {
        const { response, commands } = await t.withCommands(() => t.get(`/customers/${customer}/charge-details?limit=${limit}`, admin));
        expect(response.status).toBe(200);
        expect(response.body.data).toHaveLength(limit);
        expect(commands).toEqual(expected);
      }
    });

    it('the detail reads the card and its customer once', async () => {
      const created = await addCard();
      const { response, commands } = await t.withCommands(() => t.get(`/charge-details/${created.id}`, sales.token));
      expect(response.status).toBe(200);
      expect(commands).toEqual(['find customer_charge_details', 'find customers', 'find users']);
    });
  });

  it('documents masked responses only: no number or CVV property outside the reveal', async () => {
    const schemas = (await t.get('/docs-json')).body.components.schemas;
    expect(Object.keys(schemas.ChargeDetailResponse.properties)).not.toEqual(expect.arrayContaining(['card_number']));
    expect(Object.keys(schemas.ChargeDetailResponse.properties).filter((key) => /cvv|number|encrypted|key_id/.test(key))).toEqual(['masked_number', 'has_cvv']);
    expect(schemas.ChargeDetailResponse.properties.billing_address).toMatchObject({ anyOf: [{ $ref: '#/components/schemas/AddressResponse' }, { type: 'null' }] });
    expect(schemas.RevealedCardResponse.properties).not.toHaveProperty('cvv');
    expect([...schemas.CreateChargeDetailDto.required].sort()).toEqual(['card_holder', 'card_number', 'expiry_month', 'expiry_year']);
  });

  it('every kind of response matches its documented schema', async () => {
    const check = componentValidator((await t.get('/docs-json')).body);
    const created = await addCard({ billing_address: undefined });
    const withAddress = await addCard({ card_number: AMEX, cvv: '1234' });
    expect(check('ChargeDetailResponse', created)).toEqual([]);
    expect(check('ChargeDetailResponse', withAddress)).toEqual([]);
    expect(check('ChargeDetailResponse', (await t.get(`/charge-details/${created.id}`, admin)).body)).toEqual([]);
    expect(check('ChargeDetailResponse', (await t.patch(`/charge-details/${created.id}`, { card_holder: 'B' }, admin)).body)).toEqual([]);
    const list = (await t.get(`/customers/${customerId}/charge-details?limit=100`, admin)).body;
    expect(check('ChargeDetailPage', list)).toEqual([]);
    for (const item of list.data) expect(check('ChargeDetailResponse', item)).toEqual([]);
    const revealed = await t.post(`/charge-details/${created.id}/reveal`, stepUp, admin);
    expect(check('RevealedCardResponse', revealed.body)).toEqual([]);
    expect(check('ErrorResponse', (await t.post(`/customers/${customerId}/charge-details`, {}, admin)).body)).toEqual([]);
  });

  it('no response of this suite carried a full card number or a CVV, except the reveal', () => {
    // The OpenAPI document names the request fields; it carries no values.
    const bodies = t.responses.filter((body) => !body.startsWith('{"openapi"'));
    const reveals = bodies.filter((body) => body.includes('"card_number":"'));
    // The audited reveal, the schema check's, and the step-up test's two (with a step-up token, with a code).
    expect(reveals).toHaveLength(4);
    const others = bodies.filter((body) => !reveals.includes(body));
    for (const secret of [VISA, MASTERCARD, AMEX, '4111111111111111']) expect(others.filter((body) => body.includes(secret))).toEqual([]);
    expect(bodies.filter((body) => /"cvv"\s*:/.test(body))).toEqual([]);
  });
});
