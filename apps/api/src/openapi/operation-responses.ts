import type { INestApplication } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import type { NestContainer } from '@nestjs/core';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';
import { ApiResponse } from '@nestjs/swagger';
import { ERROR_DESCRIPTIONS, ErrorResponse, ErrorStatus, errorResponseObject, RATE_LIMIT_ROUTE_CONFIG } from '@app/common';

type Json = Record<string, any>;

/** Where `@ApiResponse` keeps a handler's responses (@nestjs/swagger's DECORATORS.API_RESPONSE, not exported). */
const API_RESPONSE_METADATA = 'swagger/apiResponse';

/**
 * The statuses every route can answer whatever its handler does, declared on the handlers before
 * the document is scanned: 503 (the database gate, all routes) and 429 (the rate limiter, all routes
 * but `@SkipRateLimit()` probes; a `@RateLimit(bucket)` route also counts in its bucket).
 */
export function declareRouteWideErrors(app: INestApplication): void {
  const { container } = app as unknown as { container: NestContainer };
  for (const module of container.getModules().values()) {
    for (const wrapper of module.controllers.values()) {
      const prototype = (wrapper.metatype as { prototype?: Json } | undefined)?.prototype;
      if (!prototype) continue;
      for (const key of Object.getOwnPropertyNames(prototype)) {
        const handler = key === 'constructor' ? undefined : Object.getOwnPropertyDescriptor(prototype, key)?.value;
        if (typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const declared: Json = Reflect.getMetadata(API_RESPONSE_METADATA, handler) ?? {};
        const bucket = (Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) as Json | undefined)?.[RATE_LIMIT_ROUTE_CONFIG] as string | false | undefined;
        const add = (status: ErrorStatus, description: string) => {
          if (declared[status]) return;
          ApiResponse({ status, type: ErrorResponse, description })(prototype, key, Object.getOwnPropertyDescriptor(prototype, key) as PropertyDescriptor);
        };
        if (bucket !== false) {
          const limits = bucket ? `the per-client ceiling or the ${bucket.replace('_', ' ')} limit` : 'the per-client ceiling';
          add(429, `${ERROR_DESCRIPTIONS[429]} (${limits})`);
        }
        add(503, ERROR_DESCRIPTIONS[503]);
      }
    }
  }
}

/**
 * Statuses that follow from what an operation takes, added to the built document: 400 for any
 * body, query or path parameter (validation), 404 for a path id, 413 and 415 for a body (size
 * limit, content type). Handlers still declare their own (409, …) with `@ApiErrors`.
 */
export function declareInputErrors(document: Json): void {
  for (const item of Object.values<Json>(document.paths ?? {})) {
    for (const operation of Object.values<Json>(item)) {
      const responses: Json = (operation.responses ??= {});
      const parameters: Json[] = operation.parameters ?? [];
      const add = (status: ErrorStatus) => {
        responses[status] ??= errorResponseObject(status);
        // Retry-After is not part of ApiResponse's options: attach it to whichever text won.
        if (status === 429 || status === 503) responses[status].headers ??= (errorResponseObject(status) as Json).headers;
      };
      if (operation.requestBody || parameters.length) add(400);
      if (parameters.some((p) => p.in === 'path')) add(404);
      if (operation.requestBody) {
        add(413);
        add(415);
      }
      if (responses[429]) add(429);
      if (responses[503]) add(503);
    }
  }
}
