import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'http';
import { Error as MongooseError } from 'mongoose';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailableError } from './database-unavailable';
import type { ErrorDetail, ErrorResponse } from './error.response';

interface NormalizedError {
  statusCode: number;
  message: string;
  details: ErrorDetail[];
}

/**
 * Turns every thrown thing into `{ statusCode, error, message, details, requestId }`.
 * Database and framework errors that are the caller's fault become 4xx; anything else is a 500
 * whose message leaks nothing (the stack goes to the log with the request id).
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const normalized = normalize(exception);
    if (isDatabaseUnavailableError(exception)) {
      // An outage is one event, logged by DatabaseAvailability; each failed request only gets a short line.
      this.logger.warn({ requestId: request.id, err: { name: (exception as Error).name, message: (exception as Error).message } }, `database unavailable on ${request.method} ${request.routeOptions?.url ?? request.url}`);
    } else if (normalized.statusCode >= 500 && normalized.statusCode !== HttpStatus.SERVICE_UNAVAILABLE) {
      this.logger.error({ err: exception, requestId: request.id }, `unhandled error on ${request.method} ${request.routeOptions?.url ?? request.url}`);
    }
    const body: ErrorResponse = {
      statusCode: normalized.statusCode,
      error: STATUS_CODES[normalized.statusCode] ?? 'Error',
      message: normalized.message,
      details: normalized.details,
      requestId: String(request.id),
    };
    if (normalized.statusCode === HttpStatus.SERVICE_UNAVAILABLE && !reply.hasHeader('retry-after')) void reply.header('Retry-After', '1');
    void reply.status(normalized.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}

export function normalize(exception: unknown): NormalizedError {
  if (exception instanceof HttpException) {
    const response = exception.getResponse();
    const statusCode = exception.getStatus();
    if (typeof response === 'string') return { statusCode, message: response, details: [] };
    const { message, details } = response as { message?: string | string[]; details?: ErrorDetail[] };
    const text = Array.isArray(message) ? message.join('; ') : (message ?? exception.message);
    return { statusCode, message: text, details: details ?? [] };
  }
  // The client did nothing wrong and its session is still good: 503 tells it to retry, not to sign in again.
  if (isDatabaseUnavailableError(exception)) {
    return { statusCode: HttpStatus.SERVICE_UNAVAILABLE, message: DATABASE_UNAVAILABLE_MESSAGE, details: [] };
  }
  const error = exception as { code?: unknown; statusCode?: unknown; name?: string; message?: string; keyValue?: Record<string, unknown> };
  if (error?.code === 11000) {
    const field = duplicateKeyField(error);
    return { statusCode: HttpStatus.CONFLICT, message: `${field} already exists`, details: [{ field, message: 'already exists' }] };
  }
  if (exception instanceof MongooseError.ValidationError) {
    const details = Object.values(exception.errors).map((e) => ({ field: e.path, message: e.message }));
    return { statusCode: HttpStatus.BAD_REQUEST, message: details.map((d) => d.message).join('; '), details };
  }
  if (exception instanceof MongooseError.CastError) {
    return { statusCode: HttpStatus.BAD_REQUEST, message: `${exception.path} is not a valid ${exception.kind}`, details: [{ field: exception.path, message: `must be a valid ${exception.kind}` }] };
  }
  // Fastify's own errors (body too large, bad JSON, unsupported media type) carry a 4xx status.
  if (typeof error?.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return { statusCode: error.statusCode, message: fastifyMessage(error), details: [] };
  }
  return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, message: 'Internal server error', details: [] };
}

function fastifyMessage(error: { code?: unknown; message?: string }): string {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'Request body is too large';
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'Unsupported content type';
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'Body cannot be empty when content-type is application/json';
  return error.message ?? 'Bad request';
}

/** The driver gives keyValue on MongoDB; the embedded engine only says it in the message. */
function duplicateKeyField(error: { keyValue?: Record<string, unknown>; message?: string }): string {
  const fromKeyValue = error.keyValue && Object.keys(error.keyValue)[0];
  if (fromKeyValue) return fromKeyValue;
  const fromMessage = /dup key: \{ ?"?([\w.]+)"?\s*:/.exec(error.message ?? '')?.[1] ?? /index: ([\w.]+?)_-?1/.exec(error.message ?? '')?.[1];
  return fromMessage ?? 'value';
}
