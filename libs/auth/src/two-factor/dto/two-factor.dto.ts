import { IsJWT, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';

const TOTP_CODE = /^\d{6}$/;

export class TotpCodeDto {
  /**
   * The 6-digit code your authenticator app shows now.
   * @example '123456'
   */
  @IsString() @Matches(TOTP_CODE, { message: 'code must be the 6 digits the authenticator app shows' })
  code: string;
}

/** A TOTP code or one of the recovery codes (each works once). */
export class SecondFactorDto {
  /** @example '123456' */
  @ValidateIf((dto: SecondFactorDto) => dto.recovery_code === undefined)
  @IsString() @Matches(TOTP_CODE, { message: 'code must be the 6 digits the authenticator app shows (or send recovery_code instead)' })
  code?: string;

  /**
   * `XXXX-XXXX-XXXX-XXXX`, from the list shown when two-factor was turned on.
   * @example 'ABCD-EFGH-JKLM-NPQR'
   */
  @IsOptional() @IsString() @Length(16, 24)
  recovery_code?: string;
}

export class VerifyTwoFactorDto extends SecondFactorDto {
  /**
   * The `challenge` from POST /auth/login (valid 5 minutes, once).
   * @example 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI2NjVmMWMyZThiM2E0ZDAwMTIzNDU2NzgifQ.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk0'
   */
  @IsJWT({ message: 'challenge must be the challenge returned by POST /auth/login' }) @Length(20, 2048)
  challenge: string;
}
