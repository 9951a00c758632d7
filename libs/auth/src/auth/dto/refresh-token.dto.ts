import { IsBoolean, IsOptional, IsString, Length } from 'class-validator';

export class RefreshTokenDto {
  /** The refresh token from login or the previous refresh; each one works once. */
  @IsString() @Length(20, 512)
  refresh_token: string;
}

export class LogoutDto {
  /** Ends this device's session. */
  @IsOptional() @IsString() @Length(20, 512)
  refresh_token?: string;

  /** Ends every session and revokes every access token of the user. */
  @IsOptional() @IsBoolean()
  all_devices?: boolean;
}
