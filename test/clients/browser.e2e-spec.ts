import { copyFileSync, mkdtempSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { Browser, chromium, Page } from 'playwright-core';
import { LiveServer } from '../support/live-server';
import { ADMIN } from '../support/admin';
import { SpaServer } from './support/spa-server';

/** Debian's chromium, installed by scripts/install-chromium.sh (CI runs it before the tests). */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = resolve(__dirname, '../../docs/swagger-ui-signed-in.png');

interface SpaStep {
  name: string;
  status: number;
  requestId: string | null;
}
interface SpaResult {
  origin: string;
  email: string;
  leadId: string;
  movedTo: string;
  readStatus: string;
  signedOut: boolean;
  steps: SpaStep[];
}
declare global {
  // The page's entry point (test/clients/spa/app.js).
  // eslint-disable-next-line no-var
  var runSpa: ((input: { baseUrl: string; email: string; password: string }) => Promise<SpaResult>) | undefined;
}

describe('Browser clients (Chromium): an SPA on another origin through the SDK, and Swagger UI', () => {
  let api: LiveServer;
  let spa: SpaServer;
  let browser: Browser;
  const started = Date.now();

  beforeAll(async () => {
    spa = await SpaServer.start();
    api = await LiveServer.start({ CORS_ORIGINS: spa.origin });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await spa?.stop();
    await api?.stop();
    console.log(`browser tests: ${Date.now() - started} ms (server start included)`);
  });

  async function newPage(): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 760 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // Statuses are asserted where they are expected (the 404 after DELETE); anything else logged as an error (a CORS refusal) fails.
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource: the server responded with a status of')) errors.push(message.text());
    });
    return { page, errors };
  }

  it('a page from another origin signs in and does GET, POST, PATCH and DELETE through the SDK', async () => {
    const { page, errors } = await newPage();
    await page.goto(`${spa.origin}/`);
    await page.locator('#result', { hasText: 'ready' }).waitFor({ timeout: 15_000 });
    const result = await page.evaluate((input) => {
      if (!globalThis.runSpa) throw new Error('the SPA script did not load');
      return globalThis.runSpa(input);
    }, { baseUrl: api.baseUrl, email: ADMIN.email, password: ADMIN.password });

    expect(result.origin).not.toBe(new URL(api.baseUrl).origin);
    expect(result.steps.map((step) => `${step.name} ${step.status}`)).toEqual([
      'login 200',
      'GET /auth/me 200',
      'POST /leads 201',
      'PATCH /leads/{id} 200',
      'GET /leads/{id} 200',
      'DELETE /leads/{id} 204',
      'GET /leads/{id} after delete 404',
      'logout 204',
    ]);
    // x-request-id is an exposed header: the page can read it from every answer.
    expect(result.steps.every((step) => typeof step.requestId === 'string' && step.requestId.length > 0)).toBe(true);
    expect(result).toMatchObject({ email: ADMIN.email, movedTo: 'contacted', readStatus: 'contacted', signedOut: true });
    // The server agrees: the lead is deleted.
    expect((await api.get(`/leads/${result.leadId}`, await api.adminToken())).status).toBe(404);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('Swagger UI: signing in through POST /auth/login authorizes it, a reload keeps it, GET /customers executes', async () => {
    const { page, errors } = await newPage();
    await page.goto(`${api.baseUrl}/docs`);
    await page.locator('.opblock').first().waitFor({ timeout: 45_000 });
    // Expanded through the method badge: the path is a deep link, whose hash navigation Playwright would wait for.
    const operation = (method: string, path: string) => page.locator(`.opblock-${method}`).filter({ has: page.locator(`.opblock-summary-path[data-path="${path}"]`) });

    const login = operation('post', '/auth/login');
    await login.locator('.opblock-summary-method').click();
    await login.locator('.try-out__btn').click();
    await login.locator('textarea.body-param__text').fill(JSON.stringify({ email: ADMIN.email, password: ADMIN.password }));
    await login.locator('.execute').click();
    await expect(login.locator('.live-responses-table tbody .response-col_status').first().textContent({ timeout: 15_000 })).resolves.toContain('200');
    // The response interceptor put the access token into the bearer scheme: the padlock shows locked.
    await page.locator('.btn.authorize.locked').waitFor({ timeout: 10_000 });

    await page.reload();
    await page.locator('.btn.authorize').waitFor({ timeout: 45_000 });
    await expect(page.locator('.btn.authorize').getAttribute('class')).resolves.toContain('locked');

    const customers = operation('get', '/customers');
    await customers.locator('.opblock-summary-method').click();
    await customers.locator('.try-out__btn').click();
    await customers.locator('.execute').click();
    await expect(customers.locator('.live-responses-table tbody .response-col_status').first().textContent({ timeout: 15_000 })).resolves.toContain('200');
    await expect(customers.locator('.live-responses-table .microlight').first().textContent()).resolves.toContain('"data"');

    // A small picture of it for the docs (refreshed with UPDATE_DOCS_SCREENSHOT=1): GET /customers, its padlock locked, answered 200.
    await page.evaluate(`document.body.style.zoom = '0.55'; document.querySelector('.opblock-get .opblock-summary-path[data-path="/customers"]').closest('.opblock').scrollIntoView()`);
    const shot = join(mkdtempSync(join(tmpdir(), 'swagger-ui-')), 'swagger-ui-signed-in.png');
    await page.screenshot({ path: shot, scale: 'css' });
    expect(statSync(shot).size).toBeLessThan(200_000);
    if (process.env.UPDATE_DOCS_SCREENSHOT === '1') copyFileSync(shot, SCREENSHOT);
    expect(errors).toEqual([]);
    await page.close();
    // Generous for a loaded machine (a render of the whole document takes seconds per page load); about 15 s on an idle one.
  }, 150_000);
});
