import { IsBoolean, IsOptional, IsString, Length } from 'class-validator';

export class RefreshTokenDto {
  /**
   * The refresh token from login or the previous refresh; each one works once.
   * @example '3q2-7wEmb1Xr0pW5kLzN8sY4tH6vB9cD'
   */
  @IsString() @Length(20, 512)
  refresh_token: string;
}

export class LogoutDto {
  /**
   * Ends this device's session.
   * @example '3q2-7wEmb1Xr0pW5kLzN8sY4tH6vB9cD'
   */
  @IsOptional() @IsString() @Length(20, 512)
  refresh_token?: string;

  /** Ends every session and revokes every access token of the user. */
  @IsOptional() @IsBoolean()
  all_devices?: boolean;
}
