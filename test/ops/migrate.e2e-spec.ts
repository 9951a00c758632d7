import { Types } from 'mongoose';
import { legacyMigrationChecksum, MIGRATIONS_COLLECTION, migrationChecksum, MigrationRunner, SetupService } from '@app/ops';
import { MIGRATIONS } from '../../libs/ops/src/migrations';
import { OpsHarness } from './support/ops-harness';

describe('db:migrate / db:migrate:down / db:migrate:status', () => {
  let ops: OpsHarness;
  const legacy = new Types.ObjectId();
  const current = new Types.ObjectId();

  beforeAll(async () => {
    ops = await OpsHarness.start();
    // A user written before emails were lower-cased and the counters existed, and one already fine.
    await ops.db.collection('users').insertMany([
      { _id: legacy, first_name: 'Old', last_name: 'Import', email: ' Old.Import@Example.COM ', role: 'sales', password_hash: 'x', is_active: true },
      { _id: current, first_name: 'New', last_name: 'User', email: 'new.user@example.com', role: 'tech', password_hash: 'x', is_active: true, token_version: 3, failed_login_attempts: 1 },
    ]);
  });

  afterAll(async () => {
    await ops.stop();
  });

  it('migrate → status → down → migrate round-trips, with the state recorded in the database', async () => {
    const runner = ops.get(MigrationRunner);
    expect(await runner.status()).toEqual([expect.objectContaining({ version: 1, name: 'normalise-user-emails', state: 'pending', applied_at: null })]);

    const applied = await runner.up();
    expect(applied.map((m) => m.version)).toEqual([1]);
    expect(await ops.db.collection('users').findOne({ _id: legacy })).toMatchObject({ email: 'old.import@example.com', token_version: 0, failed_login_attempts: 0 });
    expect(await ops.db.collection('users').findOne({ _id: current })).toMatchObject({ email: 'new.user@example.com', token_version: 3, failed_login_attempts: 1 });
    expect(await ops.db.collection('migrations').findOne({ _id: 1 as never })).toMatchObject({ version: 1, name: 'normalise-user-emails', checksum: expect.any(String) });
    expect(await runner.status()).toEqual([expect.objectContaining({ state: 'applied', applied_at: expect.any(Date), changed: false })]);
    expect(await runner.up()).toEqual([]);

    const reverted = await runner.down();
    expect(reverted?.version).toBe(1);
    const restored = await ops.db.collection('users').findOne({ _id: legacy });
    expect(restored?.email).toBe(' Old.Import@Example.COM ');
    expect(restored).not.toHaveProperty('token_version');
    expect(await ops.db.collection('users').findOne({ _id: current })).toMatchObject({ token_version: 3 });
    expect(await runner.status()).toEqual([expect.objectContaining({ state: 'pending' })]);
    expect(await runner.down()).toBeNull();

    expect((await runner.up()).map((m) => m.version)).toEqual([1]);
    expect(await ops.db.collection('users').findOne({ _id: legacy })).toMatchObject({ email: 'old.import@example.com' });
  });

  it('a migration whose verification fails is not recorded', async () => {
    await ops.get(MigrationRunner).down();
    // A second account that would collide once normalised: up refuses before writing anything.
    await ops.db.collection('users').insertOne({ first_name: 'Dup', last_name: 'User', email: 'old.import@example.com', role: 'tech', password_hash: 'x', is_active: true, token_version: 0, failed_login_attempts: 0 });
    await expect(ops.get(MigrationRunner).up()).rejects.toThrow(/would both have the email old.import@example.com/);
    expect(await ops.get(MigrationRunner).status()).toEqual([expect.objectContaining({ state: 'pending' })]);
    expect((await ops.db.collection('users').findOne({ _id: legacy }))?.email).toBe(' Old.Import@Example.COM ');
  });

  it('a record holding the old compiled-text checksum stays valid and is re-recorded from the source', async () => {
    const runner = ops.get(MigrationRunner);
    await ops.db.collection('users').deleteOne({ first_name: 'Dup' });
    await runner.up();
    const [migration] = MIGRATIONS;
    // As a build before source checksums recorded it (the compiled functions' text, which changes with the compiler).
    await ops.db.collection(MIGRATIONS_COLLECTION).updateOne({ _id: 1 as never }, { $set: { checksum: legacyMigrationChecksum(migration) } });
    expect(await runner.status()).toEqual([expect.objectContaining({ state: 'applied', changed: false })]);
    expect(await runner.up()).toEqual([]);
    expect(await ops.db.collection(MIGRATIONS_COLLECTION).findOne({ _id: 1 as never })).toMatchObject({ checksum: migrationChecksum(migration) });
    // A checksum matching neither is a migration edited since it was applied.
    await ops.db.collection(MIGRATIONS_COLLECTION).updateOne({ _id: 1 as never }, { $set: { checksum: 'f'.repeat(64) } });
    expect(await runner.status()).toEqual([expect.objectContaining({ state: 'applied', changed: true })]);
  });
});

describe('db:setup and migrations', () => {
  it('a fresh database gets every migration recorded as applied; one with data keeps them pending', async () => {
    const fresh = await OpsHarness.start();
    try {
      const report = await fresh.get(SetupService).setup({ seed: false });
      expect(report.migrationsBaselined).toEqual(['0001-normalise-user-emails']);
      expect(await fresh.get(MigrationRunner).pending()).toEqual([]);
      expect(await fresh.db.collection(MIGRATIONS_COLLECTION).findOne({ _id: 1 as never })).toMatchObject({ baseline: true });
      // Running setup again records nothing new.
      expect((await fresh.get(SetupService).setup({ seed: false })).migrationsBaselined).toEqual([]);
    } finally {
      await fresh.stop();
    }

    const used = await OpsHarness.start();
    try {
      await used.db.collection('users').insertOne({ first_name: 'Old', last_name: 'Import', email: 'Old@Example.COM', role: 'sales', password_hash: 'x', is_active: true });
      expect((await used.get(SetupService).setup({ seed: false })).migrationsBaselined).toEqual([]);
      expect((await used.get(MigrationRunner).pending()).map((m) => m.version)).toEqual([1]);
    } finally {
      await used.stop();
    }
  });
});
