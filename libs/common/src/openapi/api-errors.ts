import { applyDecorators } from '@nestjs/common';
import { ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ErrorResponse } from '../errors/error.response';

/** The error statuses the API answers, each in the ErrorResponse shape. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 423 | 429 | 503;

/** What each status means here; a route passes its own text when it has more to say. */
export const ERROR_DESCRIPTIONS: Readonly<Record<ErrorStatus, string>> = {
  400: 'Invalid input: a body field, query parameter or path id fails validation; `details` names each field',
  401: 'Missing, expired or revoked token',
  403: 'The caller may not do this',
  404: 'No such resource, or not visible to the caller',
  409: 'Conflicts with the current state; for an illegal status transition `details[].allowed` lists the allowed values',
  413: 'The body is larger than the limit',
  415: 'The Content-Type is not accepted',
  423: 'Locked',
  429: 'Rate limited: `Retry-After` says in how many seconds to retry',
  503: 'Database unavailable; retry later',
};

/** Headers an error answer carries besides the request id. */
const RETRY_AFTER = { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 0 } } };

/** The response object of one error status (also what the document builder adds globally). */
export function errorResponseObject(status: ErrorStatus, description: string = ERROR_DESCRIPTIONS[status]): Record<string, unknown> {
  return {
    description,
    ...(status === 429 || status === 503 ? { headers: RETRY_AFTER } : {}),
    content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorResponse) } } },
  };
}

/**
 * Declares error statuses in the ErrorResponse shape: `@ApiErrors(409)` or
 * `@ApiErrors(409, { 409: 'A converted lead cannot be deleted' })`. 400/404/413/415/429/503 are added
 * by the document builder where they apply (body, query, path id, rate limit, every route).
 */
export function ApiErrors(...args: (ErrorStatus | Partial<Record<ErrorStatus, string>>)[]) {
  const texts = Object.assign({}, ...args.filter((a): a is Partial<Record<ErrorStatus, string>> => typeof a === 'object')) as Partial<Record<ErrorStatus, string>>;
  const statuses = new Set<ErrorStatus>([...args.filter((a): a is ErrorStatus => typeof a === 'number'), ...(Object.keys(texts).map(Number) as ErrorStatus[])]);
  return applyDecorators(...[...statuses].map((status) => ApiResponse({ status, type: ErrorResponse, description: texts[status] ?? ERROR_DESCRIPTIONS[status] })));
}
