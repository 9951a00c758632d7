import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ErrorResponse } from '@app/common';

/**
 * The one place the OpenAPI document is built: `/docs-json` (bootstrap) and `npm run openapi:export`
 * (scripts/openapi-export.ts, from the compiled app) both call it, so the committed document is the served one.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Logic Camp CRM API')
      .setDescription('Sales, delivery, billing and collaboration backend. Every error has the ErrorResponse shape.')
      .setVersion('1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
    { extraModels: [ErrorResponse] },
  );
}
