import { createHash } from 'crypto';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { legacyMigrationChecksum, migrationChecksum, migrationLabel } from '../migrate/migration';
import { MIGRATION_SOURCE_SHA256 } from './source-checksums';
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

  it('source-checksums.ts holds the SHA-256 of every migration file as it is now', () => {
    const actual = Object.fromEntries(files.map((file) => [file.replace(/\.ts$/, ''), createHash('sha256').update(readFileSync(join(__dirname, file))).digest('hex')]));
    // A mismatch means a released migration was edited (or a new one lacks its line): put these lines in source-checksums.ts on purpose.
    expect(MIGRATION_SOURCE_SHA256).toEqual(actual);
  });

  it('a checksum comes from the version, name and source file, not from the compiled functions', () => {
    const [first] = MIGRATIONS;
    // The same migration compiled differently (another target, ts-node vs tsc): other function text, same checksum.
    const recompiled = { ...first, up: async () => undefined, down: async () => undefined, verify: undefined };
    expect(migrationChecksum(recompiled)).toBe(migrationChecksum(first));
    expect(legacyMigrationChecksum(recompiled)).not.toBe(legacyMigrationChecksum(first));
    // Another source file: another checksum.
    expect(migrationChecksum(first, { [migrationLabel(first)]: '0'.repeat(64) })).not.toBe(migrationChecksum(first));
    expect(() => migrationChecksum({ version: 99, name: 'not-listed' })).toThrow(/0099-not-listed has no source checksum: add it to .*source-checksums\.ts/);
  });
});
