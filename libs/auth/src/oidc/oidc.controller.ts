import { Body, Controller, Get, HttpCode, HttpStatus, Post, Redirect, Req, UseGuards } from '@nestjs/common';
import { ApiExtraModels, ApiForbiddenResponse, ApiOkResponse, ApiQuery, ApiResponse, ApiServiceUnavailableResponse, ApiTags, ApiUnauthorizedResponse, getSchemaPath } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiErrors, ErrorResponse, RateLimit, SkipAudit } from '@app/common';
import { toTokenResponse } from '../auth/auth.controller';
import { TokenResponse } from '../auth/dto/token.response';
import { Public } from '../decorators/public.decorator';
import { TwoFactorChallengeResponse } from '../two-factor/dto/two-factor.response';
import { OidcExchangeDto } from './dto/oidc-exchange.dto';
import { OidcConfiguredGuard } from './oidc-configured.guard';
import { OidcService } from './oidc.service';

const NOT_CONFIGURED = { status: 404, type: ErrorResponse, description: 'Single sign-on is not configured (OIDC_ISSUER_URL unset)' } as const;
const UNREACHABLE = { type: ErrorResponse, description: 'The identity provider cannot be reached (discovery or token endpoint)' } as const;

/** Single sign-on (OpenID Connect). The service writes its own audit records (never a code, token or verifier). */
@ApiTags('auth')
@SkipAudit()
@UseGuards(OidcConfiguredGuard)
@Controller('auth/oidc')
export class OidcController {
  constructor(private readonly oidc: OidcService) {}

  /** Starts single sign-on: 302 to the identity provider (authorization code with PKCE S256, state and nonce kept server-side). Open it in the browser. */
  @Get('login')
  @Public()
  @RateLimit('login')
  @Redirect()
  @ApiResponse({ status: 302, description: "Redirect to the identity provider's authorization endpoint", headers: { Location: { description: 'The authorization URL', schema: { type: 'string', format: 'uri' } } } })
  @ApiResponse(NOT_CONFIGURED)
  @ApiServiceUnavailableResponse(UNREACHABLE)
  async login(): Promise<{ url: string; statusCode: number }> {
    return { url: (await this.oidc.startSignIn()).href, statusCode: HttpStatus.FOUND };
  }

  /**
   * Where the identity provider sends the browser back. Validates state, nonce and PKCE, matches
   * the user by verified email, and redirects to OIDC_POST_LOGIN_REDIRECT with a one-time `code`
   * for POST /auth/oidc/exchange (never a token in a URL).
   */
  @Get('callback')
  @Public()
  @RateLimit('login')
  @Redirect()
  @ApiQuery({ name: 'code', required: false, description: 'Authorization code from the provider' })
  @ApiQuery({ name: 'state', required: true, description: 'The state GET /auth/oidc/login sent' })
  @ApiQuery({ name: 'iss', required: false, description: 'The issuer (RFC 9207)' })
  @ApiQuery({ name: 'error', required: false, description: "The provider's error code when it refused" })
  @ApiResponse({ status: 302, description: 'Redirect to the SPA with the one-time code', headers: { Location: { description: 'OIDC_POST_LOGIN_REDIRECT?code=<one-time code>', schema: { type: 'string', format: 'uri' } } } })
  @ApiErrors(400)
  @ApiUnauthorizedResponse({ type: ErrorResponse, description: "The provider's answer did not validate (state, nonce, PKCE, ID token) or it refused the sign-in" })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Email not verified, no CRM account (provisioning off), no mapped group, or a deactivated account' })
  @ApiResponse(NOT_CONFIGURED)
  @ApiServiceUnavailableResponse(UNREACHABLE)
  async callback(@Req() request: FastifyRequest): Promise<{ url: string; statusCode: number }> {
    // The raw query, as the provider sent it: openid-client validates its parameters itself.
    const rawQuery = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    const target = await this.oidc.completeCallback(request.query as Record<string, unknown>, rawQuery);
    return { url: target.href, statusCode: HttpStatus.FOUND };
  }

  /** Trades the one-time code for the token pair (the shape of POST /auth/login), or a two-factor challenge when the account's TOTP step is due. */
  @Post('exchange')
  @Public()
  @RateLimit('login')
  @HttpCode(HttpStatus.OK)
  @ApiExtraModels(TokenResponse, TwoFactorChallengeResponse)
  @ApiOkResponse({
    description: 'Signed in: a token pair; or, when the account uses TOTP and the provider reported no MFA, a challenge for POST /auth/2fa/verify',
    schema: { oneOf: [{ $ref: getSchemaPath(TokenResponse) }, { $ref: getSchemaPath(TwoFactorChallengeResponse) }] },
  })
  @ApiUnauthorizedResponse({ type: ErrorResponse, description: 'The code is invalid, expired or already used' })
  @ApiResponse(NOT_CONFIGURED)
  async exchange(@Body() dto: OidcExchangeDto, @Req() request: FastifyRequest): Promise<TokenResponse | TwoFactorChallengeResponse> {
    const result = await this.oidc.exchange(dto.code, request.headers['user-agent']);
    return 'challenge' in result ? result : toTokenResponse(result);
  }
}
