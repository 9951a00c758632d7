import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { randomToken } from '@app/crypto';
import { User } from '../users/user.schema';

/** Both last five minutes: long enough to open an authenticator app, short enough to be worthless later. */
export const CHALLENGE_TTL_SECONDS = 300;
export const STEP_UP_TTL_SECONDS = 300;

// Their own audience and `typ`: neither is ever accepted where an access token is expected, nor the reverse.
const CHALLENGE_AUDIENCE = 'logic-camp:2fa-challenge';
const STEP_UP_AUDIENCE = 'logic-camp:step-up';

interface ChallengePayload {
  sub: string;
  jti: string;
  typ: '2fa_challenge';
}

interface StepUpPayload {
  sub: string;
  sid: string;
  typ: 'step_up';
}

/**
 * The short-lived tokens of two-factor flows: the sign-in challenge (password passed, code
 * pending; single use — its id is kept on the user and cleared by the one answer that succeeds)
 * and the step-up token (a second factor presented in the last five minutes, bound to one session).
 */
@Injectable()
export class SecondFactorTokens {
  constructor(
    private readonly jwt: JwtService,
    @InjectModel(User.name) private readonly users: Model<User>,
  ) {}

  /** A new challenge replaces any earlier one of the user. */
  async issueChallenge(userId: string): Promise<string> {
    const jti = randomToken(16);
    await this.users.updateOne({ _id: userId }, { $set: { 'two_factor.challenge_id': jti } });
    const payload: ChallengePayload = { sub: userId, jti, typ: '2fa_challenge' };
    return this.jwt.signAsync(payload, { expiresIn: CHALLENGE_TTL_SECONDS, audience: CHALLENGE_AUDIENCE });
  }

  /** The challenge's user and id; 401 when it is forged, expired or not a challenge. */
  async readChallenge(token: string): Promise<{ userId: string; challengeId: string }> {
    const payload = await this.verify<ChallengePayload>(token, CHALLENGE_AUDIENCE);
    if (payload?.typ !== '2fa_challenge' || !/^[0-9a-f]{24}$/.test(String(payload.sub)) || typeof payload.jti !== 'string') {
      throw new UnauthorizedException('The sign-in challenge is invalid or expired; sign in with your password again');
    }
    return { userId: payload.sub, challengeId: payload.jti };
  }

  /** True for exactly one caller: the challenge is cleared as it is used. */
  async spendChallenge(userId: string, challengeId: string): Promise<boolean> {
    const spent = await this.users.updateOne({ _id: userId, 'two_factor.challenge_id': challengeId }, { $set: { 'two_factor.challenge_id': null } });
    return spent.modifiedCount === 1;
  }

  /** The challenge is still the user's open one (checked before a code is, so a spent challenge costs no attempt). */
  async challengeOpen(userId: string, challengeId: string): Promise<boolean> {
    return Boolean(await this.users.exists({ _id: userId, is_active: true, 'two_factor.challenge_id': challengeId }));
  }

  async issueStepUp(userId: string, sessionId: string): Promise<string> {
    const payload: StepUpPayload = { sub: userId, sid: sessionId, typ: 'step_up' };
    return this.jwt.signAsync(payload, { expiresIn: STEP_UP_TTL_SECONDS, audience: STEP_UP_AUDIENCE });
  }

  /** True when the token is a valid step-up of this user's this session. */
  async stepUpValid(token: string, userId: string, sessionId: string | undefined): Promise<boolean> {
    const payload = await this.verify<StepUpPayload>(token, STEP_UP_AUDIENCE);
    return payload?.typ === 'step_up' && payload.sub === userId && sessionId !== undefined && payload.sid === sessionId;
  }

  private async verify<T extends object>(token: string, audience: string): Promise<T | null> {
    try {
      return await this.jwt.verifyAsync<T>(token, { audience, algorithms: ['HS256'] });
    } catch {
      return null;
    }
  }
}
