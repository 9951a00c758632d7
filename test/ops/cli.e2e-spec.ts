import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Types } from 'mongoose';
import { startEmbeddedEngine } from '@app/database';
import { BackupService, SetupService } from '@app/ops';
import { cliFailure, OpsHarness, runCli } from './support/ops-harness';

/** The real CLI, spawned as `npm run <command>` runs it, against the test engine. */
describe('ops CLI (spawned)', () => {
  let ops: OpsHarness;
  const dir = mkdtempSync(join(tmpdir(), 'ops-cli-'));

  beforeAll(async () => {
    ops = await OpsHarness.start();
    await ops.get(SetupService).setup({ seed: { size: 'small', seed: 51 } });
  });

  afterAll(async () => {
    await ops.stop();
  });

  it('--help lists every command without starting a database', async () => {
    const result = await runCli(['--help'], { MONGODB_URI: 'mongodb://127.0.0.1:1' });
    expect(result.code).toBe(0);
    for (const command of ['db:setup', 'db:seed', 'db:indexes', 'db:validate', 'db:stats', 'db:migrate', 'db:migrate:down', 'db:migrate:status', 'db:cleanup', 'db:index-analysis', 'db:backup', 'db:restore', 'crypto:rotate-keys']) {
      expect(result.stdout).toContain(command);
    }
    const setupHelp = await runCli(['db:setup', '--help']);
    expect(setupHelp.code).toBe(0);
    expect(setupHelp.stdout).toMatch(/--no-seed/);
    expect(setupHelp.stdout).toMatch(/--drop/);
  });

  it('db:stats --json prints every collection with its counts and exits 0', async () => {
    const result = await runCli(['db:stats', '--json'], { MONGODB_DB_NAME: ops.dbName });
    expect(result.code).toBe(0);
    const stats = JSON.parse(result.stdout);
    expect(stats.database).toBe(ops.dbName);
    const tasks = stats.collections.find((c: { collection: string }) => c.collection === 'tasks');
    expect(tasks.documents).toBe(await ops.count('tasks'));
    expect(tasks.indexes).toBeGreaterThan(1);
    expect(stats.totals.documents).toBeGreaterThan(400);
  });

  it('db:validate exits 1 on a planted bad document and names it', async () => {
    const bad = new Types.ObjectId();
    await ops.db.collection('leads').insertOne({ _id: bad, first_name: 'Planted', source: 'carrier_pigeon', status: 'new', priority: 'medium' });
    const result = await runCli(['db:validate'], { MONGODB_DB_NAME: ops.dbName });
    await ops.db.collection('leads').deleteOne({ _id: bad });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`leads ${bad}: source:`);
    expect(cliFailure(result.stderr)).toMatch(/^1 invalid document\(s\), 0 broken reference\(s\)/);
  });

  it('db:restore refuses a truncated backup with exit 1 and restores nothing', async () => {
    const file = join(dir, 'b.ndjson.gz');
    await ops.get(BackupService).backup(file);
    const truncated = join(dir, 'truncated.ndjson.gz');
    const bytes = readFileSync(file);
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 200));
    const tasks = await ops.count('tasks');
    const result = await runCli(['db:restore', '--in', truncated, '--yes'], { MONGODB_DB_NAME: ops.dbName });
    expect(result.code).toBe(1);
    expect(cliFailure(result.stderr)).toMatch(/(truncated or corrupted|no manifest).*nothing was restored/);
    expect(await ops.count('tasks')).toBe(tasks);
  });

  it('with MONGODB_URI unset, commands share the persistent embedded store and refuse one another process holds', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ops-h2-'));
    const env = { MONGODB_URI: '', EMBEDDED_ENGINE_BACKEND: 'h2', EMBEDDED_DATA_DIR: dataDir, MONGODB_DB_NAME: 'logic_camp' };
    const setup = await runCli(['db:setup', '--no-seed'], env);
    expect(setup.code).toBe(0);
    expect(setup.stdout).toMatch(/first admin created: admin@logic.camp/);

    // A separate process (as `npm start` would be) sees what setup wrote.
    const stats = await runCli(['db:stats', '--json'], env);
    expect(stats.code).toBe(0);
    const counts = Object.fromEntries(JSON.parse(stats.stdout).collections.map((c: { collection: string; documents: number }) => [c.collection, c.documents]));
    expect(counts.users).toBe(1);
    expect(counts.notification_types).toBeGreaterThan(0);

    // While another process (the dev API) holds the store, a command stops with a clear message.
    const holder = await startEmbeddedEngine({ backend: 'h2', dataDir });
    try {
      const busy = await runCli(['db:stats'], env);
      expect(busy.code).toBe(1);
      expect(cliFailure(busy.stderr)).toMatch(/^the embedded database file .* is in use by another process/m);
      expect(busy.stderr).not.toMatch(/MVStoreException/);
    } finally {
      await holder.stop();
    }
    // Three CLI boots and two H2 engine starts: each boot loads every domain (tens of seconds on a loaded 2-core machine).
  }, 300_000);
});
