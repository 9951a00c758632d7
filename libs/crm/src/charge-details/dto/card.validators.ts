import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { normalizeCardNumber } from '@app/crypto';
import { cardNumberProblem, cvvProblem, expiryProblem } from '../card-rules';

type Check = (value: unknown, args: ValidationArguments) => string | null;

/** A class-validator decorator from a rule that returns its problem (or null). */
function fromRule(name: string, check: Check, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => check(value, args) === null,
        defaultMessage: (args: ValidationArguments) => `${args.property} ${check(args.value, args) ?? 'is invalid'}`,
      },
    });
}

const other = (args: ValidationArguments, key: string) => (args.object as Record<string, unknown>)[key];

/** Digits (spaces and dashes dropped), Luhn-valid, of a supported brand. */
export const IsCardNumber = (options?: ValidationOptions) => fromRule('isCardNumber', (value) => cardNumberProblem(value), options);

/** 3 or 4 digits; 4 for American Express (checked against `card_number`). */
export const IsCvvForCard = (options?: ValidationOptions) => fromRule('isCvvForCard', (value, args) => cvvProblem(value, other(args, 'card_number')), options);

/** The expiry (with the sibling month or year) is not before the current month. */
export const IsNotPastExpiry = (part: 'expiry_month' | 'expiry_year', options?: ValidationOptions) =>
  fromRule(
    'isNotPastExpiry',
    (_value, args) => {
      const problem = expiryProblem(other(args, 'expiry_month'), other(args, 'expiry_year'));
      return problem?.field === part ? problem.message : null;
    },
    options,
  );

export const toCardDigits = ({ value }: { value: unknown }) => (typeof value === 'string' ? normalizeCardNumber(value) : value);
