import { Types } from 'mongoose';
import { TestApp } from './support/test-app';

/** Bodies the fuzzer found slipping past validation: each must be a 400 naming the field, never a write or a 500. */
describe('Request validation edges (e2e)', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('null for a non-nullable field is a 400 naming it, and nothing is written', async () => {
    const user = await t.createUser('tech');
    const response = await t.patch(`/users/${user.id}`, { is_active: null }, admin);
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([{ field: 'is_active', message: 'is_active must not be null; omit it to leave the value unchanged' }]);
    const stored = await t.connection.collection('users').findOne({ _id: new Types.ObjectId(user.id) });
    expect(stored?.is_active).toBe(true);
  });

  it('null where the DTO documents it as "clear this value" still clears it', async () => {
    const user = await t.createUser('tech', { department: 'Delivery' });
    const response = await t.patch(`/users/${user.id}`, { department: null }, admin);
    expect(response.status).toBe(200);
    expect(response.body.department).toBeNull();
  });

  it('multipart/form-data without a boundary is a 400, not a parser crash', async () => {
    const pm = await t.createUser('manager');
    const project = await t.connection.model('Project').create({ name: 'Edge', customer_id: new Types.ObjectId(), user_id: pm.id, currency: 'USD' });
    const response = await t.request('POST', `/projects/${project._id}/files`, {
      token: pm.token,
      headers: { 'content-type': 'multipart/form-data' },
      payload: '--x\r\n',
    });
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([{ field: 'content-type', message: 'must carry a boundary' }]);
  });

  it('money in exponent notation or with more than two decimals is a 400 naming the field (class-validator threw on 5e-324)', async () => {
    const leads = () => t.connection.collection('leads').countDocuments();
    const before = await leads();
    for (const estimated_value of [5e-324, 1e-7, 10.005]) {
      const response = await t.post('/leads', { first_name: 'Tiny', last_name: 'Value', company_name: 'Edge Co', estimated_value }, admin);
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([{ field: 'estimated_value', message: 'estimated_value must be a number with at most two decimal places' }]);
    }
    expect(await leads()).toBe(before);
    const cents = await t.post('/leads', { first_name: 'Fine', last_name: 'Value', company_name: 'Edge Co', estimated_value: 1200.55 }, admin);
    expect(cents.status).toBe(201);
    expect(cents.body.estimated_value).toBe(1200.55);
  });

  it('a search holding a NUL byte is answered, not a 500 (a BSON regex cannot carry one)', async () => {
    const manager = await t.createUser('manager');
    for (const path of ['/users?search=%07%C3%B0J%00', '/customers?search=a%00b', '/leads?search=%00', '/business-directory?q=x%00y']) {
      const response = await t.get(path, manager.token);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(response.body.data).toEqual([]);
    }
  });
});
