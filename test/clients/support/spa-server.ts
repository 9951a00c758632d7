import { readFileSync } from 'fs';
import { createServer, Server } from 'http';
import { join, resolve } from 'path';
import ts from 'typescript';

const ROOT = resolve(__dirname, '../../..');
const SDK_SOURCE = join(ROOT, 'libs/sdk/src');
const SPA = resolve(__dirname, '../spa');

/**
 * The SPA's own origin for the browser test: a tiny static server on another loopback port serving
 * test/clients/spa (page + script), the SDK's sources compiled to ES modules (`/sdk/<module>`, the
 * extensionless imports the compiler leaves resolve to the same route), and openapi-fetch's ESM build.
 */
export class SpaServer {
  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(): Promise<SpaServer> {
    const server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://spa').pathname;
      const asset = SpaServer.asset(path);
      if (!asset) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      response.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-store' }).end(asset.body);
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('the SPA server has no TCP address');
    return new SpaServer(server, `http://127.0.0.1:${address.port}`);
  }

  private static asset(path: string): { type: string; body: string } | undefined {
    const javascript = 'text/javascript; charset=utf-8';
    if (path === '/') return { type: 'text/html; charset=utf-8', body: readFileSync(join(SPA, 'index.html'), 'utf8') };
    if (path === '/app.js') return { type: javascript, body: readFileSync(join(SPA, 'app.js'), 'utf8') };
    if (path === '/vendor/openapi-fetch.mjs') return { type: javascript, body: readFileSync(require.resolve('openapi-fetch').replace(/index\.cjs$/, 'index.mjs'), 'utf8') };
    const module = /^\/sdk\/([a-z-]+)$/.exec(path);
    if (!module) return undefined;
    const source = readFileSync(join(SDK_SOURCE, `${module[1]}.ts`), 'utf8');
    const compiled = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } });
    return { type: javascript, body: compiled.outputText };
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((closed) => this.server.close(() => closed()));
  }
}
