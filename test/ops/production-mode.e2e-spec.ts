import { spawn } from 'child_process';
import { randomBytes } from 'crypto';
import { MongoClient } from 'mongodb';
import { BUILT_CLI_ENTRY, ensureCliBuilt } from '../support/api-build';
import { LiveServer } from '../support/live-server';
import { CliResult, cliFailure, cliLogRecords } from './support/ops-harness';

const ANSI = /\x1b\[/;

/** What an operator gives a production deployment: generated secrets, named origins, no development defaults. */
function productionEnv(dbName: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    MONGODB_DB_NAME: dbName,
    JWT_ACCESS_SECRET: randomBytes(32).toString('hex'),
    SIGNED_URL_SECRET: randomBytes(32).toString('hex'),
    ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    CORS_ORIGINS: 'https://crm.example.com',
  };
}

/** The compiled CLI, as the image runs it: `node dist/apps/cli/src/main.js <command>`. */
function runBuiltCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUILT_CLI_ENTRY, ...args], {
      cwd: `${__dirname}/../..`,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', MONGODB_URI: process.env.TEST_MONGODB_URI ?? '', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Lines that are not one JSON object each, and lines with terminal colour codes. */
function formatProblems(lines: string[]): { notJson: string[]; coloured: string[] } {
  const notJson = lines.filter((line) => {
    try {
      return typeof JSON.parse(line) !== 'object';
    } catch {
      return true;
    }
  });
  return { notJson, coloured: lines.filter((line) => ANSI.test(line)) };
}

describe('production mode: the compiled API and CLI with NODE_ENV=production', () => {
  jest.setTimeout(300_000);
  const dbName = `prod_${randomBytes(6).toString('hex')}`;
  const env = productionEnv(dbName);
  let client: MongoClient;

  beforeAll(() => {
    ensureCliBuilt();
  }, 300_000);

  beforeAll(async () => {
    client = await MongoClient.connect(process.env.TEST_MONGODB_URI!);
  });

  afterAll(async () => {
    await client.db(dbName).dropDatabase().catch(() => undefined);
    await client.close();
  });

  it('the API refuses to start before db:deploy: exit 1 and one JSON line naming db:deploy', async () => {
    const failure = await LiveServer.start(env, 120_000).then(
      () => null,
      (error: Error) => error.message,
    );
    expect(failure).toMatch(/^API exited before listening \(code 1, signal null\)/);
    const lines = failure!.split('\n').slice(1).filter(Boolean);
    expect(formatProblems(lines)).toEqual({ notJson: [], coloured: [] });
    const fatal = lines.map((line) => JSON.parse(line) as { level: number; msg: string }).filter((record) => record.level >= 50);
    expect(fatal).toEqual([
      expect.objectContaining({
        level: 60,
        msg: expect.stringMatching(/^database not deployed for this build: 1 pending migration\(s\) \(0001-normalise-user-emails\) and \d+ missing unique index\(es\) \(.*users\.email_1.*\); run db:deploy first/),
      }),
    ]);
    // Refused before writing: no user was created.
    expect(await client.db(dbName).collection('users').countDocuments({})).toBe(0);
  });

  it('db:deploy builds and verifies the indexes, then migrates; a second run has nothing to do', async () => {
    const first = await runBuiltCli(['db:deploy'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^indexes: \d+ created, 0 kept, 0 dropped; every declared index is present$/m);
    expect(first.stdout).toMatch(/^migrations: applied 0001-normalise-user-emails$/m);
    expect(first.stdout).toMatch(/^deployed: the database matches this build$/m);

    const second = await runBuiltCli(['db:deploy'], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^indexes: 0 created, \d+ kept, 0 dropped; every declared index is present\nmigrations: none pending\nnothing to do: the database already matches this build\n$/);
    process.stdout.write(`db:deploy first run:\n${first.stdout.split('\n').filter((line) => !line.startsWith('  ')).join('\n')}\ndb:deploy second run:\n${second.stdout}`);

    for (const run of [first, second]) expect(formatProblems(run.stderr.split('\n').filter(Boolean))).toEqual({ notJson: [], coloured: [] });
    const indexes = await client.db(dbName).collection('users').listIndexes().toArray();
    expect(indexes).toContainEqual(expect.objectContaining({ name: 'email_1', unique: true }));
  });

  it('every line the running API prints is pino JSON; request lines carry no headers, no query, and the user id', async () => {
    const server = await LiveServer.start(env, 120_000);
    let userId = '';
    try {
      const session = await server.login();
      userId = session.user.id;
      expect((await server.get('/auth/me', session.access_token)).status).toBe(200);
      // A signed link's secret travels in the query: it never reaches a log line.
      await server.get(`/attachments/${'0'.repeat(24)}/download?expires=1&signature=${'ab'.repeat(32)}`);
      expect((await server.get('/health/ready')).status).toBe(200);
    } finally {
      await server.stop();
    }
    expect(await server.exitStatus()).toEqual({ code: 0, signal: null });

    expect(formatProblems(server.logs)).toEqual({ notJson: [], coloured: [] });
    const records = server.logs.map((line) => JSON.parse(line) as Record<string, any>);
    // Nest's own start-up lines are among them (they were ANSI-coloured text before), and the bound address.
    expect(records).toContainEqual(expect.objectContaining({ context: 'InstanceLoader' }));
    expect(records).toContainEqual(expect.objectContaining({ context: 'Bootstrap', msg: expect.stringMatching(/^Logic Camp CRM API on http:\/\/127\.0\.0\.1:\d+/) }));
    const requests = records.filter((record) => record.req);
    expect(requests.length).toBeGreaterThanOrEqual(3);
    for (const record of requests) {
      expect(Object.keys(record.req).sort()).toEqual(['id', 'method', 'url']);
      expect(record.res).toEqual({ statusCode: expect.any(Number) });
      expect(record.url ?? record.req.url).not.toContain('?');
      expect(record.responseTime).toEqual(expect.any(Number));
    }
    expect(requests.find((record) => record.req.url === '/auth/me')).toMatchObject({ user_id: userId, res: { statusCode: 200 } });
    expect(server.logs.join('\n')).not.toContain('ab'.repeat(32));
    process.stdout.write(`production API: ${server.logs.length} lines, ${formatProblems(server.logs).notJson.length} not JSON\n`);
  });

  it('the CLI logs JSON on stderr and keeps stdout for results; a mistyped flag is one JSON error line', async () => {
    const status = await runBuiltCli(['db:migrate:status'], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/0001-normalise-user-emails\s*│\s*applied/);
    expect(status.stdout).toMatch(/up to date\n$/);
    expect(formatProblems(status.stderr.split('\n').filter(Boolean))).toEqual({ notJson: [], coloured: [] });

    const typo = await runBuiltCli(['db:deploy', '--yes'], env);
    expect(typo.code).toBe(1);
    expect(typo.stdout).toBe('');
    expect(cliLogRecords(typo.stderr)).toEqual([expect.objectContaining({ level: 50, service: 'logic-camp-cli', msg: expect.stringMatching(/^unknown option '--yes' for db:deploy; db:deploy takes no options/) })]);
  });

  it('db:setup on a fresh database records the migrations it does not need: deploy then has none pending', async () => {
    const fresh = productionEnv(`prod_setup_${randomBytes(6).toString('hex')}`);
    try {
      const setup = await runBuiltCli(['db:setup'], fresh);
      expect(setup.code).toBe(0);
      expect(setup.stdout).toMatch(/^migrations: 0001-normalise-user-emails recorded as applied \(a fresh database has nothing for them to change\)$/m);
      const deploy = await runBuiltCli(['db:deploy'], fresh);
      expect(cliFailure(deploy.stderr)).toBe('');
      expect(deploy.stdout).toMatch(/^migrations: none pending$/m);
      expect(deploy.stdout).toMatch(/^nothing to do: the database already matches this build$/m);
      expect(await client.db(fresh.MONGODB_DB_NAME).collection('migrations').findOne({ _id: 1 as never })).toMatchObject({ baseline: true, name: 'normalise-user-emails' });
    } finally {
      await client.db(fresh.MONGODB_DB_NAME).dropDatabase().catch(() => undefined);
    }
  });
});
