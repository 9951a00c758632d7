import multipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'http';
import { AppConfig } from '@app/config';
import {
  AllExceptionsFilter,
  createValidationPipe,
  ErrorResponse,
  generateRequestId,
  REQUEST_ID_HEADER,
  RejectOperatorKeysPipe,
  requestContext,
} from '@app/common';
import { AppModule, AppModuleOptions } from './app.module';
import { MetricsService } from './metrics/metrics.service';
import { registerSecurityHeaders } from './security-headers';

/** Builds the HTTP app exactly as production runs it; e2e tests call this too. */
export async function createApp(options: AppModuleOptions = {}): Promise<NestFastifyApplication> {
  const bodyLimit = Number(process.env.BODY_LIMIT_BYTES) || 1024 * 1024;
  const adapter = new FastifyAdapter({
    bodyLimit,
    trustProxy: true,
    genReqId: (req: IncomingMessage) => {
      const id = generateRequestId(req);
      (req as IncomingMessage & { id: string }).id = id;
      return id;
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter);
  await configureApp(app);
  return app;
}

async function configureApp(app: NestFastifyApplication): Promise<void> {
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    requestContext.run({ requestId: String(request.id), ip: request.ip, userAgent: request.headers['user-agent'] }, done);
  });
  if (config.http.metricsEnabled) {
    const metrics = app.get(MetricsService);
    fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      metrics.observeRequest(request.method, request.routeOptions?.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
      done();
    });
  }
  await registerSecurityHeaders(app);
  await app.register(multipart, { limits: { fileSize: config.files.maxBytes, files: 1, fields: 10 } });
  app.enableCors({ origin: config.http.corsOrigins, credentials: false, exposedHeaders: [REQUEST_ID_HEADER] });

  app.useGlobalPipes(new RejectOperatorKeysPipe(), createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Logic Camp CRM API')
      .setDescription('Sales, delivery, billing and collaboration backend. Every error has the ErrorResponse shape.')
      .setVersion('1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
    { extraModels: [ErrorResponse] },
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
}
