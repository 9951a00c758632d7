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
import { badRequest, AUDIT_RECORD_EVENT, AuditAction, AuditRecord } from '@app/common';

const MAX_SESSIONS_PER_USER = 20;
const INVALID_CREDENTIALS = 'Invalid email or password';

export interface IssuedTokens {
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
  user: UserRecord;
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
  ) {}

  async login(email: string, password: string, userAgent?: string): Promise<IssuedTokens> {
    const user = await this.users.findOne({ email }).select('+password_hash');
    if (!user) {
      this.dummyHash ??= this.hasher.hash(randomToken(16));
      await this.hasher.verify(await this.dummyHash, password);
      await this.audit({ action: AuditAction.LoginFailed, entity_type: 'user', metadata: { email, reason: 'unknown_email' } });
      throw new UnauthorizedException(INVALID_CREDENTIALS);
    }
    const { maxFailedLogins, lockoutMinutes } = this.config.auth;
    if (user.locked_until && user.locked_until > new Date()) {
      await this.audit({ action: AuditAction.LoginFailed, entity_type: 'user', entity_id: user.id, actor_id: user.id, metadata: { reason: 'locked' } });
      throw new HttpException(
        { message: `Account locked after ${maxFailedLogins} failed logins; try again after ${user.locked_until.toISOString()}` },
        HttpStatus.LOCKED,
      );
    }
    if (!(await this.hasher.verify(user.password_hash, password))) {
      const locked = await this.recordFailedLogin(user, maxFailedLogins, lockoutMinutes);
      await this.audit({ action: AuditAction.LoginFailed, entity_type: 'user', entity_id: user.id, actor_id: user.id, metadata: { reason: 'bad_password', locked } });
      throw new UnauthorizedException(locked ? `${INVALID_CREDENTIALS}; the account is now locked for ${lockoutMinutes} minutes` : INVALID_CREDENTIALS);
    }
    if (!user.is_active) {
      await this.audit({ action: AuditAction.LoginFailed, entity_type: 'user', entity_id: user.id, actor_id: user.id, metadata: { reason: 'deactivated' } });
      throw new UnauthorizedException('This account is deactivated');
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
    return this.issue(user, `${user.id}.${token.familyId}.${secret}`);
  }

  async logout(actor: AuthUser, refreshToken?: string, allDevices = false): Promise<void> {
    if (allDevices) {
      await this.users.updateOne({ _id: actor.id }, { $set: { sessions: [] }, $inc: { token_version: 1 } });
    } else if (refreshToken) {
      const token = parseRefreshToken(refreshToken);
      if (token.userId !== actor.id) throw badRequest('refresh_token belongs to another user', [{ field: 'refresh_token', message: 'belongs to another user' }]);
      await this.users.updateOne({ _id: actor.id }, { $pull: { sessions: { family_id: token.familyId } } });
    }
    await this.audit({ action: AuditAction.Logout, entity_type: 'user', entity_id: actor.id, metadata: { all_devices: allDevices } });
  }

  async me(actor: AuthUser): Promise<UserRecord> {
    const known = signedInProfile(actor);
    if (known) return known;
    const user = await this.users.findById(actor.id, USER_PUBLIC_PROJECTION).lean<UserRecord>();
    if (!user) throw new UnauthorizedException('A valid access token is required');
    return user;
  }

  /** Ends every session, including other devices: a changed password is usually a worried user. */
  async changePassword(actor: AuthUser, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.users.findById(actor.id).select('+password_hash');
    if (!user || !(await this.hasher.verify(user.password_hash, currentPassword))) {
      throw badRequest('current_password is not correct', [{ field: 'current_password', message: 'is not correct' }]);
    }
    if (currentPassword === newPassword) {
      throw badRequest('new_password must differ from the current password', [{ field: 'new_password', message: 'must differ from the current password' }]);
    }
    await this.users.updateOne(
      { _id: user._id },
      { $set: { password_hash: await this.hasher.hash(newPassword), password_changed_at: new Date(), sessions: [] }, $inc: { token_version: 1 } },
    );
    await this.audit({ action: AuditAction.PasswordChanged, entity_type: 'user', entity_id: actor.id });
  }

  private async recordFailedLogin(user: UserDocument, maxFailedLogins: number, lockoutMinutes: number): Promise<boolean> {
    const updated = await this.users.findOneAndUpdate({ _id: user._id }, { $inc: { failed_login_attempts: 1 } }, { new: true, projection: { failed_login_attempts: 1 } }).lean();
    if ((updated?.failed_login_attempts ?? 0) < maxFailedLogins) return false;
    await this.users.updateOne({ _id: user._id }, { $set: { failed_login_attempts: 0, locked_until: new Date(Date.now() + lockoutMinutes * 60_000) } });
    return true;
  }

  private async startSession(user: UserDocument, userAgent?: string): Promise<IssuedTokens> {
    const familyId = randomToken(16);
    const secret = randomToken(32);
    const now = new Date();
    await this.users.updateOne(
      { _id: user._id },
      {
        $set: { failed_login_attempts: 0, locked_until: null, last_login_at: now },
        $push: {
          sessions: {
            $each: [{ family_id: familyId, token_hash: sha256Hex(secret), expires_at: this.refreshExpiry(), created_at: now, user_agent: userAgent?.slice(0, 200) }],
            $slice: -MAX_SESSIONS_PER_USER,
          },
        },
      },
    );
    return this.issue(user, `${user.id}.${familyId}.${secret}`);
  }

  private async issue(user: UserDocument, refreshToken: string): Promise<IssuedTokens> {
    const payload: AccessTokenPayload = { sub: user.id, role: user.role, tv: user.token_version };
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

function parseRefreshToken(value: string): ParsedRefreshToken {
  const [userId, familyId, secret, extra] = value.split('.');
  if (extra !== undefined || !userId || !/^[0-9a-f]{24}$/.test(userId) || !familyId || !secret) {
    throw new UnauthorizedException('Refresh token is invalid or revoked');
  }
  return { userId, familyId, secret };
}
