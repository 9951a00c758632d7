import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';

/** Where one single sign-on attempt stands: sent to the provider, back with a user, or being redeemed. */
export enum OidcSignInPhase {
  /** GET /auth/oidc/login sent the browser to the provider; the callback has not come back yet. */
  Authorizing = 'authorizing',
  /** A callback claimed it (single use) and is redeeming the authorization code at the provider. */
  Redeeming = 'redeeming',
  /** The provider's answer validated and named a user: the one-time code waits for POST /auth/oidc/exchange. */
  Authenticated = 'authenticated',
}

/** What the exchange must still do after the provider signed the user in. */
export enum OidcSecondFactor {
  /** Nothing: the account has no TOTP two-factor. */
  None = 'none',
  /** The provider reported multi-factor sign-in (`amr`): it counts as the second factor. */
  ProviderMfa = 'provider_mfa',
  /** The account has TOTP on and the provider did not report MFA: the exchange answers a two-factor challenge. */
  TotpRequired = 'totp_required',
}

/**
 * One sign-on attempt, short-lived and single use at each step. The browser only ever holds the
 * `state` and, after the callback, the one-time code; both are stored as SHA-256. The PKCE
 * verifier is keyring ciphertext and is removed once the code is redeemed.
 */
@Schema({ collection: 'oidc_sign_ins', versionKey: false, timestamps: { createdAt: 'created_at', updatedAt: false } })
export class OidcSignIn {
  _id: Types.ObjectId;

  @Prop({ required: true, enum: OidcSignInPhase, type: String })
  phase: OidcSignInPhase;

  @Prop({ type: String, required: true })
  state_hash: string;

  @Prop({ type: String, default: null })
  nonce: string | null;

  @Prop({ type: String, default: null })
  code_verifier_encrypted: string | null;

  /** SHA-256 of the one-time code the callback handed to the SPA (phase authenticated only). */
  @Prop({ type: String, default: undefined })
  exchange_code_hash?: string;

  @Prop({ type: Types.ObjectId, default: null })
  user_id: Types.ObjectId | null;

  @Prop({ type: String, enum: OidcSecondFactor, default: null })
  second_factor: OidcSecondFactor | null;

  /** 10 minutes to sign in at the provider; 60 seconds for the SPA to exchange the code. */
  @Prop({ type: Date, required: true })
  expires_at: Date;

  created_at: Date;
}

export const OidcSignInSchema = SchemaFactory.createForClass(OidcSignIn);
OidcSignInSchema.index({ state_hash: 1 }, { unique: true });
OidcSignInSchema.index({ exchange_code_hash: 1 }, { unique: true, sparse: true });
// MongoDB removes expired attempts itself; every read also filters on expires_at (engines without TTL).
OidcSignInSchema.index({ expires_at: 1 }, { expireAfterSeconds: 0 });
