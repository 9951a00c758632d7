import { IsString, Matches } from 'class-validator';

export class OidcExchangeDto {
  /**
   * The one-time `code` GET /auth/oidc/callback put on the OIDC_POST_LOGIN_REDIRECT URL (valid 60 seconds, once).
   * @example 'q3Xv0bq2m7hJ0tq6yPpQwq1s8mX0m4p9d2J7vYb1cQk'
   */
  @IsString() @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'code must be the one-time code from the sign-on redirect (43 characters)' })
  code: string;
}
