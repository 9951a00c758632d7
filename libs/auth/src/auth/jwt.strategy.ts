import { createSecretKey } from 'crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { PassportStrategy } from '@nestjs/passport';
import { Model } from 'mongoose';
import { Strategy } from 'passport-jwt';
import { AppConfig } from '@app/config';
import { requestContext } from '@app/common';
import { AuthUser, Role } from '../role';
import { User, USER_PUBLIC_PROJECTION } from '../users/user.schema';
import type { UserRecord } from '../users/users.service';
import { rememberSignedInProfile } from './signed-in-profile';

export interface AccessTokenPayload {
  sub: string;
  role: Role;
  /** token_version at issue time; a bump revokes every older token. */
  tv: number;
  /** The session (refresh-token family id) it was issued for; ending that session revokes it. */
  sid: string;
  /** Set by the signer; a token without it would never expire, so it is refused. */
  exp?: number;
  /** Present only on a session restricted to two-factor enrolment. */
  scp?: 'two_factor_enrolment';
  /** Challenge and step-up tokens carry a `typ` (and their own audience); an access token never does. */
  typ?: string;
}

/** Exactly `Bearer <header>.<payload>.<signature>`: anything after the token (or a second token) is refused. */
const BEARER_TOKEN = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;
const SESSION_ID = /^[A-Za-z0-9_-]{16,64}$/;

function bearerToken(request: { headers: Record<string, string | string[] | undefined> }): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  return BEARER_TOKEN.exec(header)?.[1] ?? null;
}

/**
 * Verifies the access token, then checks the user is still active, the token not revoked and its
 * session not ended.
 * That is one indexed `_id` read per request: the price of revocation that takes effect at once.
 * It reads the public profile (a few more small fields than the check needs) so `/auth/me` reuses it.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: AppConfig,
    @InjectModel(User.name) private readonly users: Model<User>,
  ) {
    super({
      jwtFromRequest: bearerToken,
      // A KeyObject, built once: given a string, jsonwebtoken tries (and fails, throwing) to parse
      // it as a public key and then builds a secret key on every request (~6% of API CPU).
      secretOrKey: createSecretKey(Buffer.from(config.auth.accessSecret)) as unknown as string,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(payload: AccessTokenPayload): Promise<AuthUser | false> {
    if (!/^[0-9a-f]{24}$/.test(String(payload.sub))) return false;
    if (typeof payload.exp !== 'number' || typeof payload.tv !== 'number' || !SESSION_ID.test(String(payload.sid))) return false;
    if (payload.typ !== undefined || (payload.scp !== undefined && payload.scp !== 'two_factor_enrolment')) return false;
    const user = await this.users
      .findOne({ _id: payload.sub, is_active: true, token_version: payload.tv, 'sessions.family_id': payload.sid }, USER_PUBLIC_PROJECTION)
      .lean<UserRecord>();
    if (!user) return false;
    requestContext.setUserId(payload.sub);
    const authUser: AuthUser = { id: payload.sub, email: user.email, role: user.role, department: user.department ?? null, sessionId: payload.sid };
    if (payload.scp) authUser.restriction = payload.scp;
    rememberSignedInProfile(authUser, user);
    return authUser;
  }
}
