import { ValidationError, ValidationPipe } from '@nestjs/common';
import { badRequest } from '../errors/api-exception';
import type { ErrorDetail } from '../errors/error.response';

/** Flattens nested class-validator errors into `{ field: 'address.city', message }` entries. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const details = flattenValidationErrors(errors);
      return badRequest(details.map((d) => d.message).join('; ') || 'Validation failed', details);
    },
  });
}
