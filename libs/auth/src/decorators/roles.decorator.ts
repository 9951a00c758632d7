import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorResponse } from '@app/common';
import { ALL_ROLES, Role } from '../role';

export const ROLES = 'auth:roles';

/**
 * The roles that may call a route. Every non-public route must declare them: the roles guard
 * denies a route that declares none, and a test walks every route to catch one.
 */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES, roles),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing, expired or revoked token' }),
    ApiForbiddenResponse({ type: ErrorResponse, description: `Allowed roles: ${roles.join(', ')}` }),
  );

/** Any signed-in staff member; row-level rules in the service decide what they see. */
export const AnyRole = () => Roles(...ALL_ROLES);
