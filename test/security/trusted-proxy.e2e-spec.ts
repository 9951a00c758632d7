import { ObjectId } from 'mongodb';
import { LiveServer } from '../support/live-server';

const SPOOFED = '203.0.113.7';

async function signInFrom(server: LiveServer, forwardedFor: string, email: string) {
  return server.request('POST', '/auth/login', { body: { email, password: 'Wrong-Passw0rd!' }, headers: { 'x-forwarded-for': forwardedFor } });
}

/** Signs the admin in through the given X-Forwarded-For; the audit record of the sign-in is written before the 200 leaves. */
async function auditedIpOfSignIn(server: LiveServer, forwardedFor: string): Promise<string | null | undefined> {
  const { user } = await server.login(undefined, undefined, { 'x-forwarded-for': forwardedFor });
  const db = await server.db();
  const [record] = await db.collection('activity_logs').find({ action: 'login', user_id: new ObjectId(user.id) }).sort({ _id: -1 }).limit(1).toArray();
  return record?.ip;
}

async function counterKeys(server: LiveServer): Promise<string[]> {
  const db = await server.db();
  return (await db.collection('rate_limits').find({}).toArray()).map((c) => String(c._id).split('|')[0]);
}

describe('Client IP behind proxies (TRUST_PROXY)', () => {
  describe('off (the default)', () => {
    let server: LiveServer;
    beforeAll(async () => {
      server = await LiveServer.start({ RATE_LIMIT_LOGIN_PER_MINUTE: '3' });
    });
    afterAll(() => server?.stop());

    it('the audit trail records the socket peer, not the spoofed header', async () => {
      expect(await auditedIpOfSignIn(server, SPOOFED)).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    });

    it('a spoofed X-Forwarded-For lands neither in the audit trail nor in the rate-limit key, and does not escape the limit', async () => {
      const statuses: number[] = [];
      for (const [i, spoof] of [SPOOFED, '198.51.100.1', '198.51.100.2'].entries()) statuses.push((await signInFrom(server, spoof, `spoof${i}@logic.camp`)).status);
      // Every spoofed address counts as the one real client (signed in once above): the 4th attempt of the minute is refused
      // (unless the minute turned over in between, when the count starts again).
      expect(statuses.slice(0, 2)).toEqual([401, 401]);
      expect([429, 401]).toContain(statuses[2]);
      const keys = await counterKeys(server);
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.every((key) => key === '127.0.0.1')).toBe(true);
    });

  });

  describe('TRUST_PROXY=127.0.0.1 (a proxy on this machine)', () => {
    let server: LiveServer;
    beforeAll(async () => {
      server = await LiveServer.start({ TRUST_PROXY: '127.0.0.1', RATE_LIMIT_LOGIN_PER_MINUTE: '2' });
    });
    afterAll(() => server?.stop());

    it('the address the trusted proxy forwards is the client: audited, and counted on its own', async () => {
      expect(await auditedIpOfSignIn(server, SPOOFED)).toBe(SPOOFED);
      expect(await counterKeys(server)).toContain(SPOOFED);
      // Two more clients behind the proxy: each has its own count, so none is refused.
      expect((await signInFrom(server, '198.51.100.1', 'other1@logic.camp')).status).toBe(401);
      expect((await signInFrom(server, '198.51.100.2', 'other2@logic.camp')).status).toBe(401);
      // A chain: only the hop the trusted proxy saw counts, not what the client wrote before it.
      expect(await auditedIpOfSignIn(server, `10.9.9.9, ${SPOOFED}`)).toBe(SPOOFED);
    });
  });
});
