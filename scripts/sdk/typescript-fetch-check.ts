import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { exportDocument } from './generate';

/**
 * `npm run sdk:typescript-fetch-check` (CI): OpenAPI Generator's `typescript-fetch` client, generated
 * from the app's document into a temp dir, must compile under `tsc --strict`. The generator version is
 * pinned in openapitools.json (its jar is fetched by `npm run openapi-generator:install`).
 *
 * Options, and why: `skipFormModel=false` generates the models of multipart bodies (by default the
 * generator skips them yet still imports them for an operation that takes JSON or multipart: TS2307 on
 * POST /projects/{projectId}/messages); `prefixParameterInterfaces` names each operation's parameter
 * interface after its API class, so it cannot collide with those models (both were `<Operation>Request`).
 */
const ROOT = resolve(__dirname, '../..');
const GENERATOR_CLI = join(ROOT, 'node_modules/@openapitools/openapi-generator-cli/main.js');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

function run(): void {
  const dir = mkdtempSync(join(tmpdir(), 'typescript-fetch-'));
  try {
    const document = join(dir, 'openapi.json');
    const output = join(dir, 'client');
    exportDocument(document);
    execFileSync(
      process.execPath,
      [
        GENERATOR_CLI,
        'generate',
        '--input-spec', document,
        '--generator-name', 'typescript-fetch',
        '--output', output,
        '--global-property', 'skipFormModel=false',
        '--additional-properties', 'prefixParameterInterfaces=true',
      ],
      { cwd: ROOT, stdio: 'pipe', timeout: 300_000 },
    );
    const tsconfig = join(dir, 'tsconfig.json');
    writeFileSync(
      tsconfig,
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'ES2022', moduleResolution: 'bundler', lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: [], skipLibCheck: false },
        include: ['client/**/*.ts'],
      }),
    );
    execFileSync(process.execPath, [TSC, '-p', tsconfig], { cwd: dir, stdio: 'pipe', timeout: 300_000 });
    console.log('typescript-fetch client generated from the API document compiles under tsc --strict');
  } catch (error: unknown) {
    // execFileSync's error carries the child's output: tsc prints its diagnostics on stdout.
    const output = error instanceof Error && 'stdout' in error ? `${String(error.stdout)}${'stderr' in error ? String(error.stderr) : ''}` : '';
    console.error(`typescript-fetch check failed:\n${output.trim() || (error instanceof Error ? error.message : String(error))}`);
    process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

run();
