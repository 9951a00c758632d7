import { HttpException, HttpStatus, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { loadEsm } from 'load-esm';
import type * as OpenIdClient from 'openid-client';
import { AppConfig } from '@app/config';

type OpenIdClientModule = typeof OpenIdClient;

/** What the provider said about the user: the ID token's claims over userinfo's. */
export type ProviderClaims = Record<string, unknown>;

export interface AuthorizationRequest {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/**
 * The one place that touches `openid-client` (ESM-only, loaded with `load-esm`): discovery once
 * per process (cached; a failed discovery is not cached, so the next sign-in tries again), the
 * authorization URL with PKCE S256, state and nonce, and the validated code redemption. A
 * provider that cannot be reached within OIDC_HTTP_TIMEOUT_MS is a 503, never a 500 or a hang.
 */
@Injectable()
export class OpenIdClientAdapter {
  private readonly logger = new Logger(OpenIdClientAdapter.name);
  private library?: Promise<OpenIdClientModule>;
  private discovered?: Promise<OpenIdClient.Configuration>;

  constructor(private readonly config: AppConfig) {}

  async authorizationRequest(): Promise<AuthorizationRequest> {
    const client = await this.load();
    const configuration = await this.configuration();
    const { redirectUri, scopes } = this.config.oidc;
    const state = client.randomState();
    const nonce = client.randomNonce();
    const codeVerifier = client.randomPKCECodeVerifier();
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: scopes,
      state,
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, state, nonce, codeVerifier };
  }

  /**
   * Redeems the authorization response at the token endpoint; openid-client checks the state, the
   * issuer, the ID token (signature, audience, expiry, nonce) and the provider checks the PKCE
   * verifier. 401 when any check fails; 503 when the provider is unreachable.
   */
  async redeem(callbackUrl: URL, checks: { state: string; nonce: string; codeVerifier: string }): Promise<ProviderClaims> {
    const client = await this.load();
    const configuration = await this.configuration();
    try {
      const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const idClaims = (tokens.claims() ?? {}) as ProviderClaims;
      let userinfo: ProviderClaims = {};
      if (configuration.serverMetadata().userinfo_endpoint && tokens.access_token) {
        userinfo = (await client.fetchUserInfo(configuration, tokens.access_token, String(idClaims.sub))) as ProviderClaims;
      }
      return { ...userinfo, ...idClaims };
    } catch (error) {
      if (unreachable(error)) throw this.unavailable(error);
      // The provider's own error code (access_denied, invalid_grant) helps; its description may echo input, so it stays in the log.
      const code = (error as { error?: unknown }).error;
      this.logger.warn({ err: { name: (error as Error).name, message: (error as Error).message } }, 'single sign-on response refused');
      throw new HttpException(
        { message: `The identity provider's answer did not validate${typeof code === 'string' ? ` (${code})` : ''}; sign in again at GET /auth/oidc/login` },
        HttpStatus.UNAUTHORIZED,
      );
    }
  }

  private load(): Promise<OpenIdClientModule> {
    this.library ??= loadEsm<OpenIdClientModule>('openid-client');
    return this.library;
  }

  private configuration(): Promise<OpenIdClient.Configuration> {
    this.discovered ??= this.discover().catch((error: unknown) => {
      this.discovered = undefined;
      throw error;
    });
    return this.discovered;
  }

  private async discover(): Promise<OpenIdClient.Configuration> {
    const client = await this.load();
    const { issuerUrl, clientId, clientSecret, httpTimeoutMs, allowInsecureRequests } = this.config.oidc;
    try {
      return await client.discovery(new URL(issuerUrl!), clientId, clientSecret || undefined, clientSecret ? client.ClientSecretPost(clientSecret) : client.None(), {
        timeout: Math.max(1, Math.ceil(httpTimeoutMs / 1000)),
        execute: allowInsecureRequests && issuerUrl!.startsWith('http://') ? [client.allowInsecureRequests] : [],
      });
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  private unavailable(error: unknown): ServiceUnavailableException {
    this.logger.error({ err: { name: (error as Error)?.name, message: (error as Error)?.message } }, 'identity provider unreachable or its discovery document is unusable');
    return new ServiceUnavailableException('The identity provider cannot be reached; try again shortly, or ask an administrator to check OIDC_ISSUER_URL');
  }
}

/** Network failures and timeouts (fetch's TypeError, AbortSignal.timeout's TimeoutError), not a refusal by the provider. */
function unreachable(error: unknown): boolean {
  const name = (error as Error | undefined)?.name;
  return name === 'TypeError' || name === 'TimeoutError' || name === 'AbortError';
}
