export class TwoFactorEnrolmentResponse {
  /** Base32 TOTP secret, shown only in this response (for typing into an app that cannot scan). */
  secret: string;
  /** `otpauth://totp/…` URI with the same secret. */
  otpauth_url: string;
  /** The URI as a QR code: a `data:image/png;base64,…` URL. */
  qr_code: string;
}

export class RecoveryCodesResponse {
  /** Ten single-use codes for when the device is lost; shown only in this response, stored hashed. */
  recovery_codes: string[];
}

export class TwoFactorChallengeResponse {
  /** True: the password was right and a second factor is needed. */
  two_factor_required: boolean;
  /** Send it with the code to POST /auth/2fa/verify; valid 5 minutes, once. */
  challenge: string;
  /** Seconds. */
  challenge_expires_in: number;
}

export class StepUpResponse {
  /** Proves a second factor on this session for 5 minutes: send it as `step_up_token` (e.g. to reveal a card). */
  step_up_token: string;
  /** Seconds. */
  expires_in: number;
}
