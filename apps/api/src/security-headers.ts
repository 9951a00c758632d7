import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The JSON API loads nothing and may not be framed. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * Swagger UI's page needs its own scripts and inline styles (and images from the validator badge):
 * the policy that served it before, for `/docs` and its assets only.
 */
export const SWAGGER_UI_CSP = [
  "default-src 'self'",
  "base-uri 'self'",
  "font-src 'self' https: data:",
  "form-action 'self'",
  "frame-ancestors 'self'",
  "img-src 'self' data: validator.swagger.io",
  "object-src 'none'",
  "script-src 'self' 'unsafe-inline'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
  'upgrade-insecure-requests',
].join('; ');

/** `/docs`, `/docs/` and its assets; not `/docs-json` or `/docs-yaml`, which are plain documents. */
const SWAGGER_UI_PATH = /^\/docs(\/|\?|$)/;

/**
 * Helmet's headers on every response, and one Content-Security-Policy per kind of response: strict
 * for the API, Swagger UI's for `/docs`. Downloads replace it with `DOWNLOAD_CSP` (@app/files).
 */
export async function registerSecurityHeaders(app: NestFastifyApplication): Promise<void> {
  await app.register(helmet, { contentSecurityPolicy: false });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      void reply.header('content-security-policy', SWAGGER_UI_PATH.test(request.url) ? SWAGGER_UI_CSP : API_CSP);
      done();
    });
}
