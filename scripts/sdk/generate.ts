import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { loadEsm } from 'load-esm';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import ts from 'typescript';
import { ensureApiBuilt } from '../../test/support/api-build';

/**
 * `npm run sdk:generate`: exports the app's OpenAPI document (openapi/openapi.json, as `openapi:export`
 * does) and regenerates the SDK's types from it (libs/sdk/src/generated/schema.d.ts).
 * `npm run sdk:check` (CI): exports and generates into a temp dir and fails when the committed SDK differs.
 */
const ROOT = resolve(__dirname, '../..');
export const COMMITTED_DOCUMENT = join(ROOT, 'openapi/openapi.json');
export const COMMITTED_SCHEMA = join(ROOT, 'libs/sdk/src/generated/schema.d.ts');
const EXPORT_ENTRY = join(ROOT, 'dist/apps/api/src/openapi/export-document.js');

/** The document from the compiled app (the swagger plugin documents DTOs only in the build). */
export function exportDocument(target: string): void {
  ensureApiBuilt();
  execFileSync(process.execPath, [EXPORT_ENTRY, target], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
}

/**
 * openapi-typescript's output with one change: `format: binary` (uploads, downloads) is a `Blob`, not a
 * `string`, so a `File` can be put in a multipart body and a download read as a Blob without a cast.
 */
export async function generateSchema(document: string, target: string): Promise<void> {
  const { default: openapiTS, astToString, COMMENT_HEADER } = await loadEsm<typeof import('openapi-typescript')>('openapi-typescript');
  const blob = ts.factory.createTypeReferenceNode('Blob');
  const ast = await openapiTS(JSON.parse(readFileSync(document, 'utf8')), {
    transform: (schema) => (schema.format === 'binary' ? (schema.nullable ? ts.factory.createUnionTypeNode([blob, ts.factory.createLiteralTypeNode(ts.factory.createNull())]) : blob) : undefined),
  });
  writeFileSync(target, `${COMMENT_HEADER}${astToString(ast)}`);
}

async function generate(): Promise<void> {
  exportDocument(COMMITTED_DOCUMENT);
  await generateSchema(COMMITTED_DOCUMENT, COMMITTED_SCHEMA);
  console.log(`SDK regenerated: ${COMMITTED_SCHEMA} from ${COMMITTED_DOCUMENT}`);
}

async function check(): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'sdk-check-'));
  try {
    const document = join(dir, 'openapi.json');
    const schema = join(dir, 'schema.d.ts');
    exportDocument(document);
    await generateSchema(document, schema);
    const expected = readFileSync(schema, 'utf8');
    const committed = readFileSync(COMMITTED_SCHEMA, 'utf8');
    if (expected === committed) {
      console.log('SDK is up to date with the API document');
      return true;
    }
    const expectedLines = expected.split('\n');
    const committedLines = committed.split('\n');
    const first = expectedLines.findIndex((line, index) => line !== committedLines[index]);
    console.error(
      [
        `libs/sdk/src/generated/schema.d.ts differs from what the API's document generates (first difference at line ${first + 1}):`,
        `  committed: ${committedLines[first] ?? '<end of file>'}`,
        `  generated: ${expectedLines[first] ?? '<end of file>'}`,
        'Run `npm run sdk:generate` and commit libs/sdk/src/generated/schema.d.ts (and openapi/openapi.json).',
      ].join('\n'),
    );
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  (process.argv.includes('--check') ? check().then((clean) => (process.exitCode = clean ? 0 : 1)) : generate()).catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exitCode = 1;
  });
}
