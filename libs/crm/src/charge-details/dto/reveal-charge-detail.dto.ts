import { IsJWT, IsOptional, IsString, Matches } from 'class-validator';

/** A second factor no older than five minutes: a code now, or a step-up token from POST /auth/step-up. */
export class RevealChargeDetailDto {
  /**
   * The 6-digit code your authenticator app shows now.
   * @example '123456'
   */
  @IsOptional() @IsString() @Matches(/^\d{6}$/, { message: 'code must be the 6 digits the authenticator app shows' })
  code?: string;

  /**
   * From POST /auth/step-up on this session, within its 5 minutes.
   * @example 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI2NjVmMWMyZThiM2E0ZDAwMTIzNDU2NzgifQ.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk0'
   */
  @IsOptional() @IsJWT({ message: 'step_up_token must be the token returned by POST /auth/step-up' })
  step_up_token?: string;
}
