import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { applyListQueryEnums, ErrorResponse } from '@app/common';
import { API_KEY_SECURITY_SCHEME } from '@app/auth';
import { toOpenApi31Schemas } from './openapi-3-1';
import { operationIdFor, summaryFor } from './operation-ids';
import { declareInputErrors, declareRouteWideErrors } from './operation-responses';

/** Every tag an operation may carry, in reading order, one style (lower case words). */
export const OPENAPI_TAGS: readonly { name: string; description: string }[] = [
  { name: 'auth', description: 'Sign in, refresh and sign out; the signed-in user; password changes.' },
  { name: 'api keys', description: 'Credentials for integrations and scrapers (admins): scoped, shown once, revocable.' },
  { name: 'users', description: 'Staff accounts and their roles (admins).' },
  { name: 'leads', description: 'The sales pipeline: leads move one stage at a time and convert into customers.' },
  { name: 'customers', description: 'Customers, their owners and contacts.' },
  { name: 'business directory', description: 'Prospects researched by directory agents, converted into leads.' },
  { name: 'charge details', description: 'Customer cards: stored encrypted, listed masked, revealed (audited) on request.' },
  { name: 'upsells', description: 'Extra sales on a project and their payment status.' },
  { name: 'projects', description: 'Projects, their team, lifecycle and recurring billing.' },
  { name: 'project services', description: 'Services delivered within a project.' },
  { name: 'goals', description: 'Project goals that group tasks.' },
  { name: 'tasks', description: 'Project tasks and their assignees.' },
  { name: 'time tracking', description: 'Timers and time entries on tasks.' },
  { name: 'files', description: 'Project files: upload, list, download.' },
  { name: 'messages', description: 'Project and general channels, threads, pins, mentions and attachments.' },
  { name: 'notifications', description: 'The caller\'s notifications.' },
  { name: 'notification types', description: 'Notification templates (admins).' },
  { name: 'billing', description: 'Invoices drafted from tracked time, recurring periods and paid upsells; numbering, payments, credit notes, quotes, PDFs and receivables reports.' },
  { name: 'reports', description: 'Sales, delivery, revenue and time reports.' },
  { name: 'activity logs', description: 'The audit trail.' },
  { name: 'events', description: "The outbox feed of changes (admins, events:read keys) and the signed-in user's live stream (Server-Sent Events)." },
  { name: 'webhooks', description: 'Signed webhook subscriptions (admins): deliveries, their log, redelivery and replay.' },
  { name: 'health', description: 'Liveness, readiness and metrics for load balancers and scrapers.' },
];

type Json = Record<string, any>;

/**
 * The one place the OpenAPI document is built: `/docs-json` (bootstrap) and `npm run openapi:export`
 * (export-document.ts, from the compiled app) both call it, so the committed document is the served one.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  declareRouteWideErrors(app);
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Logic Camp CRM API')
    .setDescription('Sales, delivery, billing and collaboration backend. Every error has the ErrorResponse shape.')
    .setVersion('1.0')
    // Relative: the document is right for whichever host serves it (and identical when exported).
    .addServer('/', 'The server this document is served from')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The access_token of POST /auth/login or POST /auth/refresh' })
    // Integrations: the same Authorization: Bearer header with an `lc_…` key; routes that accept keys list this scheme too.
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'lc_ API key', description: 'POST /api-keys (admin); scopes <area>:read|write' }, API_KEY_SECURITY_SCHEME);
  for (const tag of OPENAPI_TAGS) config.addTag(tag.name, tag.description);
  const document = SwaggerModule.createDocument(app, config.build(), {
    extraModels: [ErrorResponse],
    operationIdFactory: operationIdFor,
  });
  document.info.license = { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' } as OpenAPIObject['info']['license'];
  applyListQueryEnums(document as Json);
  declareInputErrors(document as Json);
  describeOperations(document as Json);
  toOpenApi31Schemas(document.components);
  toOpenApi31Schemas(document.paths);
  return document;
}

/**
 * A short summary in the words of the client method (`Convert lead`), the handler's doc comment as
 * the description followed by who may call it, and `security: []` on public routes.
 */
function describeOperations(document: Json): void {
  for (const item of Object.values<Json>(document.paths)) {
    for (const operation of Object.values<Json>(item)) {
      // `@ApiKeyArea` marks a whole controller; a public route in it (a signed download link) asks for no credential.
      const schemes = (operation.security ?? []).flatMap((requirement: Json) => Object.keys(requirement));
      if (schemes.length && schemes.every((scheme: string) => scheme === API_KEY_SECURITY_SCHEME)) operation.security = [];
      const comment: string | undefined = operation.summary || operation.description;
      const access = operation.security?.length ? operation.responses?.['403']?.description : 'Public: no token needed.';
      operation.summary = summaryFor(operation.operationId);
      operation.description = [comment, access && access.endsWith('.') ? access : access && `${access}.`].filter(Boolean).join('\n\n');
      operation.security ??= [];
    }
  }
}
