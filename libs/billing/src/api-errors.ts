import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorResponse } from '@app/common';

/** The 4xx every billing route may answer, all in the one error shape. */
export const ApiBillingErrors = () =>
  applyDecorators(
    ApiBadRequestResponse({ type: ErrorResponse, description: 'Invalid input; `details` names each field' }),
    ApiUnauthorizedResponse({ type: ErrorResponse, description: 'No or an expired session' }),
    ApiForbiddenResponse({ type: ErrorResponse, description: 'The role may not call this route' }),
    ApiNotFoundResponse({ type: ErrorResponse, description: 'Missing, or not readable by the caller (another customer of a sales user)' }),
    ApiConflictResponse({ type: ErrorResponse, description: 'A billing rule refused it (status, overpayment, currency, nothing to bill); `details` says what is allowed' }),
  );
