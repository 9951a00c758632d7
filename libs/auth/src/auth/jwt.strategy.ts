import { createSecretKey } from 'crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { PassportStrategy } from '@nestjs/passport';
import { Model } from 'mongoose';
import { ExtractJwt, Strategy } from 'passport-jwt';
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
}

/**
 * Verifies the access token, then checks the user is still active and the token not revoked.
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
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject, built once: given a string, jsonwebtoken tries (and fails, throwing) to parse
      // it as a public key and then builds a secret key on every request (~6% of API CPU).
      secretOrKey: createSecretKey(Buffer.from(config.auth.accessSecret)) as unknown as string,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(payload: AccessTokenPayload): Promise<AuthUser | false> {
    if (!/^[0-9a-f]{24}$/.test(String(payload.sub))) return false;
    const user = await this.users.findOne({ _id: payload.sub, is_active: true, token_version: payload.tv }, USER_PUBLIC_PROJECTION).lean<UserRecord>();
    if (!user) return false;
    requestContext.setUserId(payload.sub);
    const authUser: AuthUser = { id: payload.sub, email: user.email, role: user.role, department: user.department ?? null };
    rememberSignedInProfile(authUser, user);
    return authUser;
  }
}
