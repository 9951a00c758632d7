import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { OidcSecondFactor, OidcSignIn, OidcSignInPhase } from './oidc-sign-in.schema';

/** How long the browser has between GET /auth/oidc/login and the callback. */
export const AUTHORIZATION_TTL_MS = 10 * 60_000;
/** How long the SPA has to trade the one-time code: it does so at once, on page load. */
export const EXCHANGE_CODE_TTL_MS = 60_000;

export interface PendingAuthorization {
  id: Types.ObjectId;
  nonce: string;
  codeVerifierEncrypted: string;
}

export interface AuthenticatedSignIn {
  userId: string;
  secondFactor: OidcSecondFactor;
}

/**
 * The only code that holds the `oidc_sign_ins` model. Every step moves one attempt forward with a
 * single conditional write on its phase and expiry, so a state or a one-time code works once —
 * two concurrent callbacks (or exchanges) with the same value: one wins, the other finds nothing.
 */
@Injectable()
export class OidcSignInsStore {
  constructor(@InjectModel(OidcSignIn.name) private readonly signIns: Model<OidcSignIn>) {}

  async open(stateHash: string, nonce: string, codeVerifierEncrypted: string): Promise<void> {
    await this.signIns.create({
      phase: OidcSignInPhase.Authorizing,
      state_hash: stateHash,
      nonce,
      code_verifier_encrypted: codeVerifierEncrypted,
      expires_at: new Date(Date.now() + AUTHORIZATION_TTL_MS),
    });
  }

  /** Claims the attempt for one callback; null when unknown, expired or already claimed (a replay). */
  async claim(stateHash: string): Promise<PendingAuthorization | null> {
    const claimed = await this.signIns
      .findOneAndUpdate(
        { state_hash: stateHash, phase: OidcSignInPhase.Authorizing, expires_at: { $gt: new Date() } },
        { $set: { phase: OidcSignInPhase.Redeeming } },
        { new: true, projection: { nonce: 1, code_verifier_encrypted: 1 } },
      )
      .lean<{ _id: Types.ObjectId; nonce: string | null; code_verifier_encrypted: string | null }>();
    if (!claimed?.nonce || !claimed.code_verifier_encrypted) return null;
    return { id: claimed._id, nonce: claimed.nonce, codeVerifierEncrypted: claimed.code_verifier_encrypted };
  }

  /** The provider's answer named a user: the verifier goes, the one-time code's hash comes. */
  async authenticate(id: Types.ObjectId, exchangeCodeHash: string, userId: string, secondFactor: OidcSecondFactor): Promise<void> {
    await this.signIns.updateOne(
      { _id: id, phase: OidcSignInPhase.Redeeming },
      {
        $set: { phase: OidcSignInPhase.Authenticated, exchange_code_hash: exchangeCodeHash, user_id: new Types.ObjectId(userId), second_factor: secondFactor, nonce: null, code_verifier_encrypted: null, expires_at: new Date(Date.now() + EXCHANGE_CODE_TTL_MS) },
      },
    );
  }

  /** A callback that failed: the attempt is over (the browser starts again at GET /auth/oidc/login). */
  async discard(id: Types.ObjectId): Promise<void> {
    await this.signIns.deleteOne({ _id: id });
  }

  /** Spends the one-time code; null when unknown, expired or already spent. */
  async redeem(exchangeCodeHash: string): Promise<AuthenticatedSignIn | null> {
    const spent = await this.signIns
      .findOneAndDelete({ exchange_code_hash: exchangeCodeHash, phase: OidcSignInPhase.Authenticated, expires_at: { $gt: new Date() } }, { projection: { user_id: 1, second_factor: 1 } })
      .lean<{ user_id: Types.ObjectId | null; second_factor: OidcSecondFactor | null }>();
    if (!spent?.user_id) return null;
    return { userId: spent.user_id.toHexString(), secondFactor: spent.second_factor ?? OidcSecondFactor.None };
  }
}
