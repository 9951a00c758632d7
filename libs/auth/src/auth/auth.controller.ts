import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, Headers } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiUnauthorizedResponse, ApiExtraModels, getSchemaPath } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AnyRole } from '../decorators/roles.decorator';
import { CurrentUser } from '../decorators/current-user.decorator';
import { Public } from '../decorators/public.decorator';
import type { AuthUser } from '../role';
import { UserResponse } from '../users/dto/user.response';
import { AllowedDuringTwoFactorEnrolment } from '../decorators/two-factor-enrolment.decorator';
import { TwoFactorChallengeResponse } from '../two-factor/dto/two-factor.response';
import { AuthService, IssuedTokens } from './auth.service';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto } from './dto/login.dto';
import { LogoutDto, RefreshTokenDto } from './dto/refresh-token.dto';
import { TokenResponse } from './dto/token.response';
import { ErrorResponse, RateLimit, toResponse, SkipAudit } from '@app/common';

/** The auth service writes its own audit records (logins, logouts, password changes). */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /**
   * The token pair; for an account with two-factor on, a `challenge` to answer with a code at
   * POST /auth/2fa/verify instead. 401 with one message for a wrong password, an unknown or
   * deactivated account, and a client locked out after repeated failures.
   */
  @Post('login')
  @RateLimit('login')
  @Public()
  @SkipAudit()
  @HttpCode(HttpStatus.OK)
  @ApiExtraModels(TokenResponse, TwoFactorChallengeResponse)
  @ApiOkResponse({
    description: 'Signed in: a token pair; or, when the account has two-factor sign-in, a challenge for POST /auth/2fa/verify',
    schema: { oneOf: [{ $ref: getSchemaPath(TokenResponse) }, { $ref: getSchemaPath(TwoFactorChallengeResponse) }] },
  })
  @ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Wrong email or password, a deactivated account, or this client is locked out' })
  // The User-Agent labels the session; read from the request so the document asks no header of clients.
  async login(@Body() dto: LoginDto, @Req() request: FastifyRequest): Promise<TokenResponse | TwoFactorChallengeResponse> {
    const result = await this.auth.login(dto.email, dto.password, request.headers['user-agent']);
    return 'challenge' in result ? result : toTokenResponse(result);
  }

  /** Exchanges a refresh token for a new pair; the presented token is spent. */
  @Post('refresh')
  @RateLimit('refresh')
  @Public()
  @SkipAudit()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: TokenResponse, description: 'A new token pair; the presented refresh token is spent' })
  @ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Unknown, expired, revoked or already spent refresh token' })
  async refresh(@Body() dto: RefreshTokenDto): Promise<TokenResponse> {
    return toTokenResponse(await this.auth.refresh(dto.refresh_token));
  }

  @Post('logout')
  @AnyRole()
  @AllowedDuringTwoFactorEnrolment()
  @SkipAudit()
  @HttpCode(HttpStatus.NO_CONTENT)
  async logout(@CurrentUser() user: AuthUser, @Body() dto: LogoutDto): Promise<void> {
    await this.auth.logout(user, dto.refresh_token, dto.all_devices ?? false);
  }

  @Get('me')
  @AnyRole()
  @AllowedDuringTwoFactorEnrolment()
  async me(@CurrentUser() user: AuthUser): Promise<UserResponse> {
    return toResponse(UserResponse, await this.auth.me(user));
  }

  /** Ends every session of the user; sign in again with the new password. */
  @Post('change-password')
  @RateLimit('change_password')
  @AnyRole()
  @SkipAudit()
  @HttpCode(HttpStatus.NO_CONTENT)
  async changePassword(@CurrentUser() user: AuthUser, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(user, dto.current_password, dto.new_password);
  }
}

export function toTokenResponse(tokens: IssuedTokens): TokenResponse {
  return { ...tokens, user: toResponse(UserResponse, tokens.user as unknown as Record<string, unknown>) };
}
