import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'fs';
import { dirname, resolve } from 'path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../app.module';
import { buildOpenApiDocument } from './openapi-document';

/** Where `npm run openapi:export` writes the document (the SDK is generated from this file). */
export const OPENAPI_DOCUMENT_PATH = 'openapi/openapi.json';

/**
 * The document from the compiled app without a database or a listening socket: `preview` builds the
 * module graph (every controller and its metadata) but instantiates no provider, so nothing connects.
 */
export async function exportOpenApiDocument(target = OPENAPI_DOCUMENT_PATH): Promise<string> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(), new FastifyAdapter(), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    const path = resolve(target);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`);
    return path;
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  exportOpenApiDocument(process.argv[2]).then(
    (path) => console.log(`OpenAPI document written to ${path}`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.stack : error);
      process.exit(1);
    },
  );
}
