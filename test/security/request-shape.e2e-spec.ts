import { connect } from 'net';
import { LiveServer } from '../support/live-server';

const REQUEST_TIMEOUT_MS = 2000;

/** Sends the headers, then one body byte per second until the server answers or closes; returns what came back and when. */
function trickle(server: LiveServer, path: string): Promise<{ raw: string; ms: number }> {
  const { hostname, port } = new URL(server.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let raw = '';
    let timer: NodeJS.Timeout | undefined;
    const started = Date.now();
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`still open after 15 s; got: ${raw}`));
    }, 15_000);
    socket.on('connect', () => {
      socket.write(`POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`);
      timer = setInterval(() => socket.writable && socket.write(' '), 1000);
    });
    socket.on('data', (chunk) => (raw += chunk.toString()));
    socket.on('error', () => undefined); // a reset after the answer is fine: what matters is the answer
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ raw, ms: Date.now() - started });
    });
  });
}

function multipart(parts: { name: string; value: string }[], boundary = 'shape-boundary'): { payload: string; headers: Record<string, string> } {
  const payload = parts.map((p) => `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`).join('') + `--${boundary}--\r\n`;
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('Request shape limits, before validation', () => {
  let server: LiveServer;
  beforeAll(async () => {
    server = await LiveServer.start({ REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS), RATE_LIMIT_LOGIN_PER_MINUTE: '1000' });
  });
  afterAll(() => server?.stop());

  it('a JSON body nested 10,000 levels deep is a 400 naming the limit, fast (was a 500 from a stack overflow)', async () => {
    const response = await server.request('POST', '/auth/login', { payload: '['.repeat(10_000) + ']'.repeat(10_000), headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'the JSON body nests deeper than 64 levels',
      details: [{ field: 'body', message: 'must nest at most 64 levels of objects and arrays' }],
      requestId: response.headers.get('x-request-id'),
    });
    expect(response.ms).toBeLessThan(1000);
  });

  it('900 KB of nesting, four times at once, are four fast 400s', async () => {
    const payload = '{"a":'.repeat(180_000);
    const responses = await Promise.all([1, 2, 3, 4].map(() => server.request('POST', '/auth/login', { payload, headers: { 'content-type': 'application/json' } })));
    expect(responses.map((r) => r.status)).toEqual([400, 400, 400, 400]);
    expect(Math.max(...responses.map((r) => r.ms))).toBeLessThan(3000);
  });

  it('64 levels are parsed and reach validation; brackets inside strings do not count', async () => {
    const nested = await server.request('POST', '/auth/login', { payload: `{"email":${'['.repeat(63)}${']'.repeat(63)},"password":"x"}`, headers: { 'content-type': 'application/json' } });
    expect(nested.status).toBe(400);
    expect(nested.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'email' })]));
    const bracketsInText = await server.post('/auth/login', { email: `${'['.repeat(500)}@logic.camp`, password: '{'.repeat(500) });
    expect(bracketsInText.status).toBe(400);
    expect(bracketsInText.body.details).not.toEqual(expect.arrayContaining([expect.objectContaining({ field: 'body' })]));
  });

  it(`a body trickled one byte a second is cut with a 408 in the error shape within REQUEST_TIMEOUT_MS (${REQUEST_TIMEOUT_MS} ms)`, async () => {
    const { raw, ms } = await trickle(server, '/auth/login');
    expect(raw).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
    expect(body).toEqual({ statusCode: 408, error: 'Request Timeout', message: expect.stringContaining('REQUEST_TIMEOUT_MS'), details: [], requestId: expect.any(String) });
    expect(ms).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    expect(ms).toBeLessThan(REQUEST_TIMEOUT_MS + 1500);
  });

  it('600 multipart text parts are always answered with a 400', async () => {
    const token = await server.adminToken();
    const { payload, headers } = multipart(Array.from({ length: 600 }, (_, i) => ({ name: 'content', value: `part ${i}` })));
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => server.request('POST', '/channels/general/messages', { token, payload, headers, timeoutMs: 10_000 })),
    );
    for (const response of responses) {
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.stringContaining('too many multipart'), requestId: expect.any(String) });
    }
  });
});
