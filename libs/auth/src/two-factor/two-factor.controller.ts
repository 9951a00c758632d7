import { Body, Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorResponse, RateLimit, SkipAudit } from '@app/common';
import { toTokenResponse } from '../auth/auth.controller';
import { TokenResponse } from '../auth/dto/token.response';
import { CurrentUser } from '../decorators/current-user.decorator';
import { Public } from '../decorators/public.decorator';
import { AnyRole } from '../decorators/roles.decorator';
import { AllowedDuringTwoFactorEnrolment } from '../decorators/two-factor-enrolment.decorator';
import type { AuthUser } from '../role';
import { SecondFactorDto, TotpCodeDto, VerifyTwoFactorDto } from './dto/two-factor.dto';
import { RecoveryCodesResponse, StepUpResponse, TwoFactorEnrolmentResponse } from './dto/two-factor.response';
import { TwoFactorService } from './two-factor.service';

/** TOTP two-factor. The service writes its own audit records (never a code or secret). */
@ApiTags('auth')
@SkipAudit()
@ApiTooManyRequestsResponse({ type: ErrorResponse, description: 'Too many wrong codes from this client' })
@Controller('auth')
export class TwoFactorController {
  constructor(private readonly twoFactor: TwoFactorService) {}

  /** Starts enrolment: a new secret (shown only here) as text, `otpauth://` URI and QR PNG. Confirm it with a code. */
  @Post('2fa/enroll')
  @AnyRole()
  @AllowedDuringTwoFactorEnrolment()
  @HttpCode(HttpStatus.OK)
  async enroll(@CurrentUser() user: AuthUser): Promise<TwoFactorEnrolmentResponse> {
    const created = await this.twoFactor.enroll(user);
    return { secret: created.secret, otpauth_url: created.otpauthUrl, qr_code: created.qrCodeDataUrl };
  }

  /** Turns two-factor on with a first code; returns 10 recovery codes (shown only here). A restricted session then calls POST /auth/refresh. */
  @Post('2fa/confirm')
  @AnyRole()
  @AllowedDuringTwoFactorEnrolment()
  @HttpCode(HttpStatus.OK)
  async confirm(@CurrentUser() user: AuthUser, @Body() dto: TotpCodeDto): Promise<RecoveryCodesResponse> {
    return { recovery_codes: await this.twoFactor.confirm(user, dto.code) };
  }

  /** Turns two-factor off with a code or a recovery code; refused for roles that must use it (TWO_FACTOR_REQUIRED_ROLES). */
  @Post('2fa/disable')
  @AnyRole()
  @HttpCode(HttpStatus.NO_CONTENT)
  async disable(@CurrentUser() user: AuthUser, @Body() dto: SecondFactorDto): Promise<void> {
    await this.twoFactor.disable(user, dto);
  }

  /** Second step of sign-in: the challenge from POST /auth/login with a code (or a recovery code) gives the token pair. */
  @Post('2fa/verify')
  @RateLimit('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiUnauthorizedResponse({ type: ErrorResponse })
  async verify(@Body() dto: VerifyTwoFactorDto, @Req() request: FastifyRequest): Promise<TokenResponse> {
    const userAgent = request.headers['user-agent'];
    return toTokenResponse(await this.twoFactor.completeSignIn(dto.challenge, dto, userAgent));
  }

  /** A code now gives a step-up token: proof of a second factor on this session for 5 minutes (card reveal). */
  @Post('step-up')
  @AnyRole()
  @HttpCode(HttpStatus.OK)
  async stepUp(@CurrentUser() user: AuthUser, @Body() dto: TotpCodeDto): Promise<StepUpResponse> {
    return this.twoFactor.stepUp(user, dto.code);
  }
}
