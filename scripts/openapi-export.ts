import { execFileSync } from 'child_process';
import { join, resolve } from 'path';
import { ensureApiBuilt } from '../test/support/api-build';

// The swagger plugin documents DTOs only in the compiled build: export from dist (rebuilt when stale).
const ROOT = resolve(__dirname, '..');
ensureApiBuilt();
execFileSync(process.execPath, [join(ROOT, 'dist/apps/api/src/openapi/export-document.js'), ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });
