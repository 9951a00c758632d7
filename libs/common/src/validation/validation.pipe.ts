import { ValidationPipe } from '@nestjs/common';
import { ValidationError, ValidatorOptions } from 'class-validator';
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

type PropertyMetadata = Record<string, { nullable?: boolean }>;
type WithPluginMetadata = { _OPENAPI_METADATA_FACTORY?: () => PropertyMetadata };
const pluginMetadata = new WeakMap<object, PropertyMetadata>();

/** The metadata key @ApiProperty writes (@nestjs/swagger's DECORATORS.API_MODEL_PROPERTIES; its dist/ is no longer exported). */
const SWAGGER_MODEL_PROPERTIES = 'swagger/apiModelProperties';

/**
 * Whether the DTO declares `key` nullable in its OpenAPI metadata — `field?: T | null` (the swagger
 * plugin) or `@ApiProperty({ nullable: true })` — searching up the class chain.
 */
export function isDeclaredNullable(dtoClass: object, key: string): boolean {
  for (let current = dtoClass; current && current !== Function.prototype; current = Object.getPrototypeOf(current)) {
    if (Object.prototype.hasOwnProperty.call(current, '_OPENAPI_METADATA_FACTORY')) {
      if (!pluginMetadata.has(current)) pluginMetadata.set(current, (current as WithPluginMetadata)._OPENAPI_METADATA_FACTORY!() ?? {});
      const fromPlugin = pluginMetadata.get(current)![key];
      if (fromPlugin) return fromPlugin.nullable === true;
    }
    const prototype = (current as { prototype?: object }).prototype;
    const decorated = prototype && Reflect.getMetadata(SWAGGER_MODEL_PROPERTIES, prototype, key);
    if (decorated) return decorated.nullable === true;
  }
  return false;
}

/**
 * class-validator's `@IsOptional()` lets `null` through as if the field were absent, so
 * `{"is_active": null}` would reach the update and store a null boolean. A field accepts `null`
 * only where its DTO documents it as nullable (where null means "clear it"); elsewhere null is
 * a 400 naming the field, so the API and its OpenAPI document agree.
 */
export function undeclaredNullErrors(value: object): ValidationError[] {
  const errors: ValidationError[] = [];
  for (const [key, field] of Object.entries(value)) {
    if (field === null) {
      if (!isDeclaredNullable(value.constructor, key)) {
        errors.push(Object.assign(new ValidationError(), {
          property: key,
          value: null,
          constraints: { isNotNull: `${key} must not be null; omit it to leave the value unchanged` },
          children: [],
        }));
      }
      continue;
    }
    const nested = (Array.isArray(field) ? field : [field]).flatMap((item, index) => {
      if (!isDtoInstance(item)) return [];
      const children = undeclaredNullErrors(item);
      if (!Array.isArray(field)) return children;
      return children.length ? [Object.assign(new ValidationError(), { property: String(index), children, constraints: {} })] : [];
    });
    if (nested.length) errors.push(Object.assign(new ValidationError(), { property: key, children: nested, constraints: {} }));
  }
  return errors;
}

function isDtoInstance(value: unknown): value is object {
  return typeof value === 'object' && value !== null && value.constructor !== Object && !(value instanceof Date);
}

class StrictValidationPipe extends ValidationPipe {
  protected override async validate(object: object, validatorOptions?: ValidatorOptions): Promise<ValidationError[]> {
    const errors = await super.validate(object, validatorOptions);
    const failed = new Set(errors.map((error) => error.property));
    return [...errors, ...undeclaredNullErrors(object).filter((error) => !failed.has(error.property))];
  }
}

export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
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
