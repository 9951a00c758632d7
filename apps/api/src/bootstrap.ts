import multipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'http';
import { AppConfig, httpServerSettings, validateEnvironment } from '@app/config';
import {
  AllExceptionsFilter,
  createValidationPipe,
  ErrorResponse,
  generateRequestId,
  installBodyParsers,
  installRateLimit,
  RATE_LIMIT_HEADERS,
  RateLimiter,
  REQUEST_ID_HEADER,
  RejectOperatorKeysPipe,
  requestContext,
} from '@app/common';
import { DatabaseAvailability } from '@app/database';
import { API_KEY_SECURITY_SCHEME } from '@app/auth';
import { AppModule, AppModuleOptions } from './app.module';
import { installDatabaseGate } from './health/database-gate';
import { GracefulShutdown } from './health/graceful-shutdown.service';
import { httpServerOptions } from './http-server-options';
import { MetricsService } from './metrics/metrics.service';
import { registerSecurityHeaders } from './security-headers';

/** Builds the HTTP app exactly as production runs it; e2e tests call this too. */
export async function createApp(options: AppModuleOptions = {}): Promise<NestFastifyApplication> {
  // Built first: it loads .env, and Fastify needs the server settings before the app exists.
  const appModule = AppModule.forRoot(options);
  const adapter = new FastifyAdapter({
    ...httpServerOptions(httpServerSettings(validateEnvironment(process.env))),
    genReqId: (req: IncomingMessage) => {
      const id = generateRequestId(req);
      (req as IncomingMessage & { id: string }).id = id;
      return id;
    },
  });
  // Body parsers are installed by configureApp (JSON with a nesting-depth check).
  const app = await NestFactory.create<NestFastifyApplication>(appModule, adapter, { bodyParser: false });
  await configureApp(app);
  return app;
}

async function configureApp(app: NestFastifyApplication): Promise<void> {
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  // process.exit(0) once every shutdown hook ran (by default Nest re-raises the signal: exit code 143).
  app.enableShutdownHooks([], { useProcessExit: true });

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    requestContext.run({ requestId: String(request.id), ip: request.ip, userAgent: request.headers['user-agent'] }, done);
  });
  installDatabaseGate(fastify, app.get(DatabaseAvailability));
  app.get(GracefulShutdown).install(fastify);
  installRateLimit(fastify, app.get(RateLimiter));
  installBodyParsers(fastify, config.http.jsonMaxDepth);
  if (config.http.metricsEnabled) {
    const metrics = app.get(MetricsService);
    fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      metrics.observeRequest(request.method, request.routeOptions?.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
      done();
    });
  }
  await registerSecurityHeaders(app);
  await app.register(multipart, { limits: { fileSize: config.files.maxBytes, files: 1, fields: 10 } });
  app.enableCors({
    origin: config.http.corsOrigins,
    credentials: false,
    // Without an explicit list @fastify/cors allows only GET, HEAD and POST: a browser SPA could not PATCH a lead or DELETE anything.
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Accept', REQUEST_ID_HEADER, 'If-None-Match'],
    // What an SPA reads from responses: the request id to report, rate-limit state, download names and versions.
    exposedHeaders: [REQUEST_ID_HEADER, ...RATE_LIMIT_HEADERS, 'Content-Disposition', 'ETag'],
    maxAge: 600,
  });

  app.useGlobalPipes(new RejectOperatorKeysPipe(), createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Logic Camp CRM API')
      .setDescription('Sales, delivery, billing and collaboration backend. Every error has the ErrorResponse shape.')
      .setVersion('1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      // Integrations: the same Authorization: Bearer header with an `lc_…` key; routes that accept keys list this scheme too.
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'lc_ API key', description: 'POST /api-keys (admin); scopes <area>:read|write' }, API_KEY_SECURITY_SCHEME)
      .build(),
    { extraModels: [ErrorResponse] },
  );
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
    // Staff keep their token across reloads (localStorage), can filter operations, and see timings.
    swaggerOptions: { persistAuthorization: true, filter: true, displayRequestDuration: true, tagsSorter: 'alpha' },
  });
}
