import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { invalidPlaceholders } from '../../template-renderer';

/** A template whose `{{placeholders}}` are all well formed: lower-case letters and underscores. */
export function IsTemplate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isTemplate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: (args: ValidationArguments) =>
          `${args.property} may only use placeholders made of lower-case letters and underscores, like {{lead_name}}; fix ${invalidPlaceholders(String(args.value)).join(', ')}`,
        ...options,
      },
      validator: { validate: (value: unknown) => typeof value === 'string' && invalidPlaceholders(value).length === 0 },
    });
}
