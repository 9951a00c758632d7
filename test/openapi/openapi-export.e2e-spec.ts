import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { LiveServer } from '../support/live-server';

const ROOT = resolve(__dirname, '../..');
const COMMITTED = join(ROOT, 'openapi/openapi.json');

/** `npm run openapi:export` writes what `/docs-json` serves, and the committed copy is up to date. */
describe('OpenAPI export (openapi/openapi.json)', () => {
  let server: LiveServer;
  let served: unknown;

  beforeAll(async () => {
    server = await LiveServer.start();
    const response = await server.get('/docs-json');
    expect(response.status).toBe(200);
    served = response.body;
  }, 300_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('the exported document (no database, no socket) equals the one /docs-json serves', () => {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
    try {
      const target = join(dir, 'openapi.json');
      execFileSync(process.execPath, [join(ROOT, 'dist/apps/api/src/openapi/export-document.js'), target], { cwd: ROOT, stdio: 'pipe', timeout: 60_000 });
      expect(JSON.parse(readFileSync(target, 'utf8'))).toEqual(served);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('the committed openapi/openapi.json is the current document (run `npm run openapi:export` after an API change)', () => {
    expect(JSON.parse(readFileSync(COMMITTED, 'utf8'))).toEqual(served);
  });
});
