import { applyDecorators } from '@nestjs/common';
import { IsString, IsStrongPassword, MaxLength } from 'class-validator';

export const PASSWORD_POLICY_TEXT = 'at least 12 characters with an upper-case letter, a lower-case letter, a digit and a symbol';

/** The one password policy: argon2 makes long passwords cheap to store, so insist on them. */
export const IsPasswordPolicy = () =>
  applyDecorators(
    IsString(),
    MaxLength(128),
    IsStrongPassword(
      { minLength: 12, minLowercase: 1, minUppercase: 1, minNumbers: 1, minSymbols: 1 },
      { message: ({ property }) => `${property} must be ${PASSWORD_POLICY_TEXT}` },
    ),
  );
