import { existsSync, readFileSync } from 'fs';
import { dirname, join, resolve } from 'path';

const ROOT = resolve(__dirname, '../..');

/** Versions with the advisories the security review found fixed (fastify 5.6.2, @fastify/static 8.3.0, path-to-regexp 8.3.0, file-type 16.5.4 were not). */
const FLOORS: Record<string, string> = {
  fastify: '5.12.8',
  '@fastify/static': '10.1.3',
  'path-to-regexp': '8.4.2',
  'file-type': '21.0.0',
};

function installedVersions(name: string): string[] {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
  return Object.entries(lock.packages)
    .filter(([path]) => path === `node_modules/${name}` || path.endsWith(`/node_modules/${name}`))
    .map(([, entry]) => entry.version ?? '0.0.0');
}

function atLeast(version: string, floor: string): boolean {
  const [a, b] = [version, floor].map((v) => v.split('-')[0].split('.').map(Number));
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

describe('dependencies with known advisories stay fixed', () => {
  it.each(Object.entries(FLOORS))('every copy of %s in the lockfile is at least %s', (name, floor) => {
    const versions = installedVersions(name);
    expect(versions.length).toBeGreaterThan(0);
    expect(versions.filter((version) => !atLeast(version, floor))).toEqual([]);
  });

  it('the running tree resolves the same fastify the lockfile names', () => {
    const manifest = join(dirname(require.resolve('fastify')), 'package.json');
    expect(atLeast(JSON.parse(readFileSync(manifest, 'utf8')).version, FLOORS.fastify)).toBe(true);
  });

  it('Renovate keeps the updates coming', () => {
    expect(existsSync(join(ROOT, 'renovate.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(ROOT, 'renovate.json'), 'utf8')).extends).toContain('config:recommended');
  });
});
