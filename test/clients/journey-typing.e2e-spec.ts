import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { join, resolve } from 'path';

const ROOT = resolve(__dirname, '../..');
const JOURNEY = join(__dirname, 'sdk-journey.e2e-spec.ts');

/** Escapes from the type checker that a typed client should make unnecessary: `x as T`, `x!.y` and `any`. */
const ESCAPES: [string, RegExp][] = [
  ['an `as` assertion', /\sas\s/],
  ['a non-null assertion', /[\w)\]]!(?=[.[(,;)\s])/],
  ['`any`', /\bany\b/],
];

describe('the SDK journey is what a strict TypeScript client writes', () => {
  it('contains no `as`, no `!` non-null assertion and no `any`', () => {
    const source = readFileSync(JOURNEY, 'utf8');
    const found = source.split('\n').flatMap((line, index) => ESCAPES.filter(([, pattern]) => pattern.test(line)).map(([what]) => `line ${index + 1}: ${what}: ${line.trim()}`));
    expect(found).toEqual([]);
  });

  it('compiles under tsc --strict --noEmit (test/clients/tsconfig.json)', () => {
    let output = '';
    try {
      execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(__dirname, 'tsconfig.json')], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
    } catch (error: unknown) {
      output = error instanceof Error && 'stdout' in error ? String(error.stdout) : String(error);
    }
    expect(output).toBe('');
  }, 150_000);
});
