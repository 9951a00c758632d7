import { ForbiddenException, HttpException, HttpStatus, Injectable, UnauthorizedException } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { AppConfig } from '@app/config';
import { AUDIT_RECORD_EVENT, AuditAction, AuditRecord, badRequest, conflict, requestContext } from '@app/common';
import { FieldEncryptionService } from '@app/crypto';
import { AuthService, IssuedTokens } from '../auth/auth.service';
import { LoginAttemptsService } from '../login-attempts/login-attempts.service';
import type { AuthUser } from '../role';
import { User, UserDocument } from '../users/user.schema';
import { SecondFactorTokens, STEP_UP_TTL_SECONDS } from './second-factor-tokens';
import { hashRecoveryCode, matchTotpCode, newRecoveryCodes, newTotpSecret, NewTotpSecret } from './totp';

const ISSUER = 'Logic Camp CRM';

/** What a caller presents as a second factor: a TOTP code, or one of the recovery codes. */
export interface SecondFactorProof {
  code?: string;
  recovery_code?: string;
}

/** Why a second factor is asked for; recorded on the audit trail. */
type Purpose = 'sign_in' | 'step_up' | 'disable' | 'reveal';

const ENROL_HINT = 'enrol with POST /auth/2fa/enroll and POST /auth/2fa/confirm';

/**
 * TOTP two-factor authentication: enrolment (secret shown once, stored encrypted with the
 * keyring), the second step of sign-in, step-up for sensitive actions, and disabling. Every code
 * check reserves an attempt first (the sign-in lock-out mechanism, scope `2fa`), and an accepted
 * code moves the user's last used time step forward with one conditional update, so the same code
 * — or any earlier one — is refused afterwards, even by a concurrent request.
 */
@Injectable()
export class TwoFactorService {
  constructor(
    @InjectModel(User.name) private readonly users: Model<User>,
    private readonly encryption: FieldEncryptionService,
    private readonly tokens: SecondFactorTokens,
    private readonly auth: AuthService,
    private readonly attempts: LoginAttemptsService,
    private readonly config: AppConfig,
    private readonly events: EventEmitter2,
  ) {}

  /** A new pending secret (replacing any unconfirmed one); 409 while two-factor is on. */
  async enroll(actor: AuthUser): Promise<NewTotpSecret> {
    this.assertPerson(actor);
    const created = await newTotpSecret(ISSUER, actor.email);
    const pending = { secret_encrypted: null, pending_secret_encrypted: this.encryption.encrypt(created.secret), last_used_step: 0, recovery_code_hashes: [], challenge_id: null, enabled_at: null };
    const updated = await this.users.updateOne({ _id: actor.id, two_factor_enabled: false }, { $set: { two_factor: pending } });
    if (updated.matchedCount !== 1) throw conflict('Two-factor authentication is already on; disable it first (POST /auth/2fa/disable) to enrol a new device');
    return created;
  }

  /** Turns two-factor on with the first code from the app; returns the recovery codes (shown only here). */
  async confirm(actor: AuthUser, code: string): Promise<string[]> {
    this.assertPerson(actor);
    const user = await this.withTwoFactor(actor.id);
    const pending = user.two_factor?.pending_secret_encrypted;
    if (user.two_factor_enabled) throw conflict('Two-factor authentication is already on');
    if (!pending) throw conflict(`Nothing to confirm: ${ENROL_HINT} first`);
    const reservation = await this.reserveAttempt(actor.id);
    const step = await matchTotpCode(this.encryption.decrypt(pending), code, 0);
    if (step === null) {
      await this.audit({ action: AuditAction.SecondFactor, entity_type: 'user', entity_id: actor.id, metadata: { purpose: 'enrol', method: 'totp', result: 'failed' } });
      throw badRequest('code does not match the enrolled secret (check the device clock)', [{ field: 'code', message: 'does not match the enrolled secret' }]);
    }
    await this.attempts.succeeded(reservation);
    const recoveryCodes = newRecoveryCodes();
    const enabled = await this.users.updateOne(
      { _id: actor.id, two_factor_enabled: false, 'two_factor.pending_secret_encrypted': pending },
      {
        $set: {
          two_factor_enabled: true,
          two_factor: { secret_encrypted: pending, pending_secret_encrypted: null, last_used_step: step, recovery_code_hashes: recoveryCodes.map(hashRecoveryCode), challenge_id: null, enabled_at: new Date() },
        },
      },
    );
    if (enabled.modifiedCount !== 1) throw conflict('The enrolment changed meanwhile (enrolled again or confirmed elsewhere); start over with POST /auth/2fa/enroll');
    await this.audit({ action: AuditAction.TwoFactorEnabled, entity_type: 'user', entity_id: actor.id });
    return recoveryCodes;
  }

  /** Needs a valid code; refused for a role that must use two-factor. */
  async disable(actor: AuthUser, proof: SecondFactorProof): Promise<void> {
    this.assertPerson(actor);
    if (this.config.auth.twoFactorRequiredRoles.includes(actor.role)) {
      throw new ForbiddenException(`Two-factor authentication is required for the ${actor.role} role and cannot be turned off`);
    }
    const user = await this.withTwoFactor(actor.id);
    if (!user.two_factor_enabled) throw conflict('Two-factor authentication is not on');
    if (!(await this.checkProof(user, proof, 'disable'))) {
      throw badRequest('The code is not valid or was already used', [{ field: proof.code ? 'code' : 'recovery_code', message: 'is not valid or was already used' }]);
    }
    await this.users.updateOne({ _id: actor.id }, { $set: { two_factor_enabled: false, two_factor: null } });
    await this.audit({ action: AuditAction.TwoFactorDisabled, entity_type: 'user', entity_id: actor.id });
  }

  /** The second step of sign-in: the challenge from the password step plus a code gives the token pair. */
  async completeSignIn(challenge: string, proof: SecondFactorProof, userAgent?: string): Promise<IssuedTokens> {
    const { userId, challengeId } = await this.tokens.readChallenge(challenge);
    const refused = 'The sign-in challenge is invalid, expired or already used; sign in with your password again';
    if (!(await this.tokens.challengeOpen(userId, challengeId))) throw new UnauthorizedException(refused);
    const user = await this.withTwoFactor(userId);
    if (!user.is_active || !user.two_factor_enabled) throw new UnauthorizedException(refused);
    requestContext.setUserId(userId);
    const method = await this.checkProof(user, proof, 'sign_in');
    if (!method) throw new UnauthorizedException('The code is not valid or was already used');
    if (!(await this.tokens.spendChallenge(userId, challengeId))) throw new UnauthorizedException(refused);
    const tokens = await this.auth.startSession(user, userAgent, new Date());
    await this.audit({ action: AuditAction.Login, entity_type: 'user', entity_id: userId, actor_id: userId, metadata: { second_factor: method } });
    return tokens;
  }

  /** A code now gives a token that proves a second factor for five minutes on this session. */
  async stepUp(actor: AuthUser, code: string): Promise<{ step_up_token: string; expires_in: number }> {
    this.assertPerson(actor);
    const user = await this.withTwoFactor(actor.id);
    if (!user.two_factor_enabled) throw new ForbiddenException(`Step-up needs two-factor authentication: ${ENROL_HINT}`);
    if (!(await this.checkProof(user, { code }, 'step_up'))) throw new ForbiddenException('The code is not valid or was already used');
    await this.stampSession(actor);
    return { step_up_token: await this.tokens.issueStepUp(actor.id, actor.sessionId!), expires_in: STEP_UP_TTL_SECONDS };
  }

  /**
   * For sensitive actions (card reveal): a second factor no older than five minutes, given as a
   * code in the request or a step-up token of this session. 403 otherwise, saying what to do.
   */
  async requireRecentSecondFactor(actor: AuthUser, proof: { code?: string; step_up_token?: string }): Promise<void> {
    this.assertPerson(actor);
    const user = await this.withTwoFactor(actor.id);
    if (!user.two_factor_enabled) throw new ForbiddenException(`This action needs two-factor authentication: ${ENROL_HINT}`);
    if (proof.step_up_token) {
      if (!(await this.tokens.stepUpValid(proof.step_up_token, actor.id, actor.sessionId))) {
        throw new ForbiddenException('The step-up token is invalid, expired or from another session; get a new one with POST /auth/step-up');
      }
      return;
    }
    if (!proof.code) {
      throw new ForbiddenException('This action needs a second factor no older than 5 minutes: send `code` (from your authenticator app) or a `step_up_token` from POST /auth/step-up');
    }
    if (!(await this.checkProof(user, { code: proof.code }, 'reveal'))) throw new ForbiddenException('The code is not valid or was already used');
    await this.stampSession(actor);
  }

  /**
   * The method that passed, or null. The attempt is reserved before the code is looked at; a
   * TOTP code must move `last_used_step` forward (one conditional update), a recovery code is
   * pulled from the list (one conditional update): either is accepted once, by one request.
   */
  private async checkProof(user: UserDocument, proof: SecondFactorProof, purpose: Purpose): Promise<'totp' | 'recovery_code' | null> {
    const reservation = await this.reserveAttempt(user.id);
    const twoFactor = user.two_factor;
    let method: 'totp' | 'recovery_code' | null = null;
    if (twoFactor?.secret_encrypted && proof.code) {
      const step = await matchTotpCode(this.encryption.decrypt(twoFactor.secret_encrypted), proof.code, twoFactor.last_used_step);
      if (step !== null) {
        const moved = await this.users.updateOne({ _id: user._id, 'two_factor.last_used_step': { $lt: step } }, { $set: { 'two_factor.last_used_step': step } });
        if (moved.modifiedCount === 1) method = 'totp';
      }
    } else if (twoFactor && proof.recovery_code) {
      const hash = hashRecoveryCode(proof.recovery_code);
      const pulled = await this.users.updateOne({ _id: user._id, 'two_factor.recovery_code_hashes': hash }, { $pull: { 'two_factor.recovery_code_hashes': hash } });
      if (pulled.modifiedCount === 1) method = 'recovery_code';
    }
    if (method) await this.attempts.succeeded(reservation);
    await this.audit({
      action: AuditAction.SecondFactor,
      entity_type: 'user',
      entity_id: user.id,
      actor_id: user.id,
      metadata: { purpose, method: method ?? (proof.code ? 'totp' : 'recovery_code'), result: method ? 'passed' : 'failed' },
    });
    return method;
  }

  private async reserveAttempt(userId: string) {
    const { maxFailedLogins, lockoutMinutes } = this.config.auth;
    // The password already passed (or the caller is signed in): the per-client lock is the limit; no per-account delay.
    const limits = { maxPerClient: maxFailedLogins, windowMs: lockoutMinutes * 60_000, accountDelayMaxMs: 0 };
    const reservation = await this.attempts.reserve('2fa', userId, requestContext.get()?.ip ?? 'unknown', limits);
    if (!reservation) {
      throw new HttpException({ message: `Too many wrong codes; try again ${lockoutMinutes} minutes after the last one` }, HttpStatus.TOO_MANY_REQUESTS);
    }
    return reservation;
  }

  private async stampSession(actor: AuthUser): Promise<void> {
    await this.users.updateOne(
      { _id: actor.id },
      { $set: { 'sessions.$[session].second_factor_at': new Date() } },
      { arrayFilters: [{ 'session.family_id': actor.sessionId }] },
    );
  }

  private async withTwoFactor(userId: string): Promise<UserDocument> {
    const user = await this.users.findById(userId).select('+two_factor');
    if (!user) throw new UnauthorizedException('A valid access token is required');
    return user;
  }

  /** API keys have no second factor: these flows are for people. */
  private assertPerson(actor: AuthUser): void {
    if (actor.kind === 'api_key' || !actor.sessionId) throw new ForbiddenException('Two-factor flows need a signed-in user session');
  }

  private async audit(record: AuditRecord): Promise<void> {
    await this.events.emitAsync(AUDIT_RECORD_EVENT, record);
  }
}
