import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { gunzipSync, gzipSync } from 'zlib';
import { BackupService, RestoreService, SetupService } from '@app/ops';
import { OpsHarness } from './support/ops-harness';

describe('db:backup / db:restore', () => {
  let ops: OpsHarness;
  const dir = mkdtempSync(join(tmpdir(), 'ops-backup-'));
  const file = join(dir, 'backup.ndjson.gz');

  beforeAll(async () => {
    ops = await OpsHarness.start();
    await ops.get(SetupService).setup({ seed: { size: 'small', seed: 31 } });
  });

  afterAll(async () => {
    await ops.stop();
  });

  it('backup → drop → restore reproduces every collection with the same count and checksum', async () => {
    const before = await ops.get(BackupService).backup(file);
    expect(Object.keys(before.collections)).toEqual(expect.arrayContaining(['users', 'tasks', 'customer_charge_details', 'activity_logs']));
    expect(before.collections.tasks.count).toBe(await ops.count('tasks'));

    await ops.connection.dropDatabase();
    expect(await ops.count('tasks')).toBe(0);

    const { restored } = await ops.get(RestoreService).restore(file);
    for (const [name, { count }] of Object.entries(before.collections)) expect([name, restored[name]]).toEqual([name, count]);

    const after = await ops.get(BackupService).backup(join(dir, 'again.ndjson.gz'));
    for (const [name, { count, sha256, indexes }] of Object.entries(before.collections)) {
      expect([name, after.collections[name].count, after.collections[name].sha256]).toEqual([name, count, sha256]);
      expect(after.collections[name].indexes.map((index) => index.name).sort()).toEqual(indexes.map((index) => index.name).sort());
    }
  });

  it('refuses a truncated backup and leaves the data alone', async () => {
    const bytes = readFileSync(file);
    const truncated = join(dir, 'truncated.ndjson.gz');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const tasks = await ops.count('tasks');
    await expect(ops.get(RestoreService).restore(truncated)).rejects.toThrow(/truncated or corrupted|no manifest/);
    expect(await ops.count('tasks')).toBe(tasks);
  });

  it('refuses a file whose content was altered (valid gzip, wrong checksum)', async () => {
    const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
    const index = lines.findIndex((line) => line.startsWith('{"collection":"users"'));
    lines[index] = lines[index].replace(/"last_name":"[^"]*"/, '"last_name":"Tampered"');
    const altered = join(dir, 'altered.ndjson.gz');
    writeFileSync(altered, gzipSync(lines.join('\n')));
    await expect(ops.get(RestoreService).verify(altered)).rejects.toThrow(/users checksum mismatch/);
  });

  it('refuses a file with a document line removed (count mismatch)', async () => {
    const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
    const index = lines.findIndex((line) => line.startsWith('{"collection":"tasks"'));
    lines.splice(index, 1);
    const short = join(dir, 'short.ndjson.gz');
    writeFileSync(short, gzipSync(lines.join('\n')));
    await expect(ops.get(RestoreService).verify(short)).rejects.toThrow(/tasks/);
  });

  it('refuses a corrupted gzip stream', async () => {
    const bytes = Buffer.from(readFileSync(file));
    for (let i = 200; i < 260; i += 1) bytes[i] ^= 0xff;
    const corrupted = join(dir, 'corrupted.ndjson.gz');
    writeFileSync(corrupted, bytes);
    await expect(ops.get(RestoreService).verify(corrupted)).rejects.toThrow(/nothing was restored/);
  });
});
