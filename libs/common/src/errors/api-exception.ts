import { HttpException, HttpStatus } from '@nestjs/common';
import type { ErrorDetail } from './error.response';

/** An HttpException that carries field-level details into the error shape. */
export class ApiException extends HttpException {
  constructor(status: HttpStatus, message: string, readonly details: ErrorDetail[] = []) {
    super({ message, details }, status);
  }
}

export const badRequest = (message: string, details: ErrorDetail[] = []) => new ApiException(HttpStatus.BAD_REQUEST, message, details);
export const fieldError = (field: string, message: string) => badRequest(`${field} ${message}`, [{ field, message }]);
export const conflict = (message: string, details: ErrorDetail[] = []) => new ApiException(HttpStatus.CONFLICT, message, details);
export const notFound = (entity: string) => new ApiException(HttpStatus.NOT_FOUND, `${entity} not found`);
export const forbidden = (message: string) => new ApiException(HttpStatus.FORBIDDEN, message);
