import { SetMetadata } from '@nestjs/common';

export const ALLOWED_DURING_ENROLMENT = 'auth:allowedDuringEnrolment';

/**
 * A route a session restricted to two-factor enrolment may still call (enrol, confirm, who am I,
 * sign out). Every other route answers such a session 403.
 */
export const AllowedDuringTwoFactorEnrolment = () => SetMetadata(ALLOWED_DURING_ENROLMENT, true);
