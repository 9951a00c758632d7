import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { RunningEngine, startEmbeddedEngine } from '../../libs/database/src/embedded-engine';
import { LiveResponse, LiveServer } from '../support/live-server';

/**
 * An outage is a 503, fast: the API runs on its own embedded engine (H2 file, so the data
 * survives), the engine is SIGKILLed, and every request — authenticated reads, a login, a write —
 * answers 503 "Database unavailable" in the error shape within ~2 s, never a 401 that would make
 * the client throw its session away. When the engine is back on the same port and file, the same
 * token works again without restarting the API.
 */
describe('database outage', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'database-outage-'));
  let engine: RunningEngine | undefined;
  let server: LiveServer | undefined;

  afterAll(async () => {
    await server?.stop();
    await engine?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function expectDatabaseUnavailable(response: LiveResponse, label: string): void {
    expect({ label, status: response.status }).toEqual({ label, status: 503 });
    expect(response.body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: expect.stringMatching(/^Database unavailable/), details: [], requestId: expect.any(String) });
    expect(response.headers.get('x-request-id')).toBe(response.body.requestId);
    expect(response.ms).toBeLessThan(2500);
  }

  it('answers 503 in the error shape within 2.5 s while the database is down, and the same token works once it is back', async () => {
    engine = await startEmbeddedEngine({ backend: 'h2', dataDir, startTimeoutMs: 60_000 });
    const port = Number(new URL(engine.uri).port);
    server = await LiveServer.start({ MONGODB_URI: engine.uri });
    const token = await server.adminToken();
    expect((await server.get('/auth/me', token)).status).toBe(200);
    expect((await server.get('/customers', token)).status).toBe(200);

    process.kill(engine.pid, 'SIGKILL');
    await engine.stop();

    // Right after the kill (the API has not noticed yet), then once more when it has.
    for (const round of ['just after the kill', 'a moment later']) {
      const [me, customers, login, created] = await Promise.all([
        server.request('GET', '/auth/me', { token, timeoutMs: 30_000 }),
        server.request('GET', '/customers?limit=5', { token, timeoutMs: 30_000 }),
        server.request('POST', '/auth/login', { body: { email: 'admin@logic.camp', password: 'Wrong-Passw0rd!' }, timeoutMs: 30_000 }),
        server.request('POST', '/customers', { token, body: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' }, timeoutMs: 30_000 }),
      ]);
      console.log(`DB down, ${round}: ${[me, customers, login, created].map((r) => `${r.status} ${r.body?.message ?? ''} (${r.ms} ms)`).join(' | ')}`);
      expectDatabaseUnavailable(me, `${round}: GET /auth/me`);
      expectDatabaseUnavailable(customers, `${round}: GET /customers`);
      expectDatabaseUnavailable(login, `${round}: POST /auth/login`);
      expectDatabaseUnavailable(created, `${round}: POST /customers`);
    }
    // Liveness stays green (restarting the API would not bring the database back); readiness does not.
    expect((await server.get('/health/live')).status).toBe(200);
    expect((await server.get('/health/ready')).status).toBe(503);

    engine = await startEmbeddedEngine({ backend: 'h2', dataDir, port, startTimeoutMs: 60_000 });
    const restarted = Date.now();
    let me = await server.get('/auth/me', token);
    while (me.status !== 200 && Date.now() - restarted < 10_000) {
      expect(me.status).toBe(503);
      await new Promise((resolve) => setTimeout(resolve, 100));
      me = await server.get('/auth/me', token);
    }
    console.log(`recovered ${Date.now() - restarted} ms after the engine was back`);
    expect(me.status).toBe(200);
    expect((await server.get('/customers', token)).status).toBe(200);
    expect((await server.get('/health/ready')).status).toBe(200);
  }, 120_000);
});
