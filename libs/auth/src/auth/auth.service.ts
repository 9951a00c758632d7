import { setTimeout as sleep } from 'timers/promises';
import { HttpException, HttpStatus, Injectable, UnauthorizedException } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { JwtService } from '@nestjs/jwt';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { AppConfig } from '@app/config';
import { randomToken, sha256Hex } from '@app/crypto';
import type { AuthUser } from '../role';
import { PasswordHasher } from '../users/password-hasher';
import { User, USER_PUBLIC_PROJECTION, UserDocument } from '../users/user.schema';
import type { UserRecord } from '../users/users.service';
import type { AccessTokenPayload } from './jwt.strategy';
import { signedInProfile } from './signed-in-profile';
import { AUDIT_RECORD_EVENT, AuditAction, AuditRecord, DomainEvent, DomainEvents, badRequest, requestContext } from '@app/common';
import { AttemptLimits, LoginAttemptsService } from '../login-attempts/login-attempts.service';
import { CHALLENGE_TTL_SECONDS, SecondFactorTokens } from '../two-factor/second-factor-tokens';
import { SsoEnforcement } from '../oidc/sso-enforcement';

const MAX_SESSIONS_PER_USER = 20;

export interface IssuedTokens {
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
  user: UserRecord;
}

/** The password passed and the account uses two-factor: answer the challenge at POST /auth/2fa/verify. */
export interface TwoFactorChallenge {
  two_factor_required: true;
  challenge: string;
  challenge_expires_in: number;
}

interface ParsedRefreshToken {
  userId: string;
  familyId: string;
  secret: string;
}

@Injectable()
export class AuthService {
  /** Verified against when the email is unknown, so response time does not reveal which emails exist. */
  private dummyHash?: Promise<string>;

  constructor(
    @InjectModel(User.name) private readonly users: Model<User>,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly events: EventEmitter2,
    private readonly domainEvents: DomainEvents,
    private readonly attempts: LoginAttemptsService,
    private readonly secondFactorTokens: SecondFactorTokens,
    private readonly ssoEnforcement: SsoEnforcement,
  ) {}

  /**
   * Unknown, locked, deactivated and wrong-password sign-ins get one answer, so none of them tells
   * whether an email exists or a password is right. The slot is reserved before the hash is checked.
   */
  async login(email: string, password: string, userAgent?: string): Promise<IssuedTokens | TwoFactorChallenge> {
    // SSO_ENFORCED: only break-glass emails reach the password check.
    const { breakGlass } = await this.ssoEnforcement.admitPasswordSignIn(email);
    const limits = this.attemptLimits();
    const reservation = await this.attempts.reserve('login', email, clientKey(), limits);
    if (!reservation) {
      await this.audit({ action: AuditAction.LoginFailed, entity_type: 'user', metadata: { email, reason: 'locked' } });
      throw new UnauthorizedException(this.invalidCredentials());
    }
    if (reservation.delayMs > 0) await sleep(reservation.delayMs);
    const user = await this.users.findOne({ email }).select('+password_hash');
    // Unknown emails cost the same argon2 time as wrong passwords.
    this.dummyHash ??= this.hasher.hash(randomToken(16));
    const passwordOk = await this.hasher.verify(user?.password_hash ?? (await this.dummyHash), password);
    if (!user || !passwordOk || !user.is_active) {
      const reason = !user ? 'unknown_email' : !passwordOk ? 'bad_password' : 'deactivated';
      await this.audit({ action: AuditAction.LoginFailed, entity_type: 'user', entity_id: user?.id, actor_id: user?.id, metadata: { email, reason } });
      throw new UnauthorizedException(this.invalidCredentials());
    }
    await this.attempts.succeeded(reservation);
    if (breakGlass) await this.ssoEnforcement.recordBreakGlassSignIn({ id: user.id, email: user.email, role: user.role });
    if (user.two_factor_enabled) {
      // No session yet: the code comes first (POST /auth/2fa/verify), under its own attempt limit.
      return { two_factor_required: true, challenge: await this.secondFactorTokens.issueChallenge(user.id), challenge_expires_in: CHALLENGE_TTL_SECONDS };
    }
    const tokens = await this.startSession(user, userAgent);
    await this.audit({ action: AuditAction.Login, entity_type: 'user', entity_id: user.id, actor_id: user.id });
    return tokens;
  }

  async refresh(refreshToken: string): Promise<IssuedTokens> {
    const token = parseRefreshToken(refreshToken);
    const user = await this.users.findOne({ _id: token.userId, is_active: true }).select('+sessions');
    const session = user?.sessions.find((s) => s.family_id === token.familyId);
    if (!user || !session) throw new UnauthorizedException('Refresh token is invalid or revoked');

    const presentedHash = sha256Hex(token.secret);
    if (presentedHash !== session.token_hash || session.expires_at <= new Date()) {
      // A spent token presented again means it was copied: end that whole session family.
      await this.users.updateOne({ _id: user._id }, { $pull: { sessions: { family_id: token.familyId } } });
      const reused = presentedHash !== session.token_hash;
      if (reused) await this.audit({ action: AuditAction.Logout, entity_type: 'user', entity_id: user.id, actor_id: user.id, metadata: { reason: 'refresh_token_reuse' } });
      throw new UnauthorizedException(reused ? 'Refresh token was already used; the session has been ended' : 'Refresh token expired');
    }

    const secret = randomToken(32);
    const rotated = await this.users.updateOne(
      { _id: user._id, sessions: { $elemMatch: { family_id: token.familyId, token_hash: presentedHash } } },
      { $set: { 'sessions.$[session].token_hash': sha256Hex(secret), 'sessions.$[session].expires_at': this.refreshExpiry() } },
      { arrayFilters: [{ 'session.family_id': token.familyId, 'session.token_hash': presentedHash }] },
    );
    if (rotated.modifiedCount !== 1) throw new UnauthorizedException('Refresh token was already used; the session has been ended');
    return this.issue(user, token.familyId, `${user.id}.${token.familyId}.${secret}`, session.second_factor_at ?? null);
  }

  /**
   * Ends the session of `refreshToken`, else the one the access token belongs to. Access tokens
   * carry their session id, checked on every request, so that session's tokens stop working at once.
   */
  async logout(actor: AuthUser, refreshToken?: string, allDevices = false): Promise<void> {
    let familyId = actor.sessionId;
    if (allDevices) {
      await this.users.updateOne({ _id: actor.id }, { $set: { sessions: [] }, $inc: { token_version: 1 } });
    } else {
      if (refreshToken) {
        const token = parseRefreshToken(refreshToken);
        if (token.userId !== actor.id) throw badRequest('refresh_token belongs to another user', [{ field: 'refresh_token', message: 'belongs to another user' }]);
        familyId = token.familyId;
      }
      if (familyId) await this.users.updateOne({ _id: actor.id }, { $pull: { sessions: { family_id: familyId } } });
    }
    await this.domainEvents.emit(DomainEvent.UserSignedOut, { user_id: actor.id, session_id: allDevices ? null : (familyId ?? null) });
    await this.audit({ action: AuditAction.Logout, entity_type: 'user', entity_id: actor.id, metadata: { all_devices: allDevices } });
  }

  async me(actor: AuthUser): Promise<UserRecord> {
    const known = signedInProfile(actor);
    if (known) return known;
    const user = await this.users.findById(actor.id, USER_PUBLIC_PROJECTION).lean<UserRecord>();
    if (!user) throw new UnauthorizedException('A valid access token is required');
    return user;
  }

  /**
   * Ends every session, including other devices: a changed password is usually a worried user.
   * The current password is checked under the same attempt limit as sign-in (a stolen access token
   * must not become a password oracle).
   */
  async changePassword(actor: AuthUser, currentPassword: string, newPassword: string): Promise<void> {
    const limits = this.attemptLimits();
    const reservation = await this.attempts.reserve('change-password', actor.id, clientKey(), limits);
    if (!reservation) {
      throw new HttpException(
        { message: `Too many wrong current_password attempts; try again ${this.config.auth.lockoutMinutes} minutes after the last one` },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    if (reservation.delayMs > 0) await sleep(reservation.delayMs);
    const user = await this.users.findById(actor.id).select('+password_hash');
    if (!user || !(await this.hasher.verify(user.password_hash, currentPassword))) {
      throw badRequest('current_password is not correct', [{ field: 'current_password', message: 'is not correct' }]);
    }
    await this.attempts.succeeded(reservation);
    if (currentPassword === newPassword) {
      throw badRequest('new_password must differ from the current password', [{ field: 'new_password', message: 'must differ from the current password' }]);
    }
    await this.users.updateOne(
      { _id: user._id },
      { $set: { password_hash: await this.hasher.hash(newPassword), password_changed_at: new Date(), sessions: [] }, $inc: { token_version: 1 } },
    );
    await this.audit({ action: AuditAction.PasswordChanged, entity_type: 'user', entity_id: actor.id });
  }

  private attemptLimits(): AttemptLimits {
    const { maxFailedLogins, lockoutMinutes, accountDelayMaxMs } = this.config.auth;
    return { maxPerClient: maxFailedLogins, windowMs: lockoutMinutes * 60_000, accountDelayMaxMs };
  }

  /** The one answer to every refused sign-in; it names the limit so a locked-out owner knows to wait. */
  private invalidCredentials(): string {
    const { maxFailedLogins, lockoutMinutes } = this.config.auth;
    return `Invalid email or password (after ${maxFailedLogins} failed attempts, sign-in from this client pauses for ${lockoutMinutes} minutes)`;
  }

  /** A new signed-in device; `secondFactorAt` when the sign-in included a second factor. */
  async startSession(user: UserDocument, userAgent?: string, secondFactorAt: Date | null = null): Promise<IssuedTokens> {
    const familyId = randomToken(16);
    const secret = randomToken(32);
    const now = new Date();
    await this.users.updateOne(
      { _id: user._id },
      {
        $set: { last_login_at: now },
        $push: {
          sessions: {
            $each: [{ family_id: familyId, token_hash: sha256Hex(secret), expires_at: this.refreshExpiry(), created_at: now, user_agent: userAgent?.slice(0, 200), second_factor_at: secondFactorAt }],
            $slice: -MAX_SESSIONS_PER_USER,
          },
        },
      },
    );
    return this.issue(user, familyId, `${user.id}.${familyId}.${secret}`, secondFactorAt);
  }

  private async issue(user: UserDocument, familyId: string, refreshToken: string, secondFactorAt: Date | null): Promise<IssuedTokens> {
    const payload: AccessTokenPayload = { sub: user.id, role: user.role, tv: user.token_version, sid: familyId };
    // A role that must use two-factor, without it: the session may only enrol (the roles guard reads `scp`).
    // Recomputed on every refresh, so refreshing after confirming gives a full session. Without TOTP, a
    // session's second factor can only come from the identity provider's MFA (single sign-on): that counts.
    if (this.config.auth.twoFactorRequiredRoles.includes(user.role) && !user.two_factor_enabled && !secondFactorAt) payload.scp = 'two_factor_enrolment';
    const { accessTtlSeconds } = this.config.auth;
    return {
      access_token: await this.jwt.signAsync(payload, { expiresIn: accessTtlSeconds }),
      refresh_token: refreshToken,
      token_type: 'Bearer',
      expires_in: accessTtlSeconds,
      user: await this.users.findById(user._id, USER_PUBLIC_PROJECTION).lean<UserRecord>().orFail(),
    };
  }

  private refreshExpiry(): Date {
    return new Date(Date.now() + this.config.auth.refreshTtlSeconds * 1000);
  }

  private async audit(record: AuditRecord): Promise<void> {
    await this.events.emitAsync(AUDIT_RECORD_EVENT, record);
  }
}

/** The client a sign-in attempt is counted against: the request's address (proxy headers only when TRUST_PROXY trusts them). */
function clientKey(): string {
  return requestContext.get()?.ip ?? 'unknown';
}

function parseRefreshToken(value: string): ParsedRefreshToken {
  const [userId, familyId, secret, extra] = value.split('.');
  if (extra !== undefined || !userId || !/^[0-9a-f]{24}$/.test(userId) || !familyId || !secret) {
    throw new UnauthorizedException('Refresh token is invalid or revoked');
  }
  return { userId, familyId, secret };
}
