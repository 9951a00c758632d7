import { readdirSync } from 'fs';
import { migrationChecksum, migrationLabel } from '../migrate/migration';
import { MIGRATIONS } from '.';

describe('migrations registry', () => {
  const files = readdirSync(__dirname).filter((file) => /^\d{4}-.+\.ts$/.test(file) && !file.endsWith('.spec.ts'));

  it('lists every NNNN-name.ts file of this folder, under the version and name of its file', () => {
    expect(MIGRATIONS.map((m) => `${migrationLabel(m)}.ts`).sort()).toEqual(files.sort());
  });

  it('has unique, increasing versions', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('checksums are stable and differ between migrations', () => {
    expect(migrationChecksum(MIGRATIONS[0])).toBe(migrationChecksum(MIGRATIONS[0]));
    const other = { ...MIGRATIONS[0], down: async () => undefined };
    expect(migrationChecksum(other)).not.toBe(migrationChecksum(MIGRATIONS[0]));
  });
});
