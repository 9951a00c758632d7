import type { LiveServer } from './live-server';
import { freePort, OidcTestProvider, TestAccount } from './oidc-test-provider';

export const POST_LOGIN_REDIRECT = 'http://127.0.0.1:5173/sso';

/** Ports for an API and its provider, chosen before either starts (each needs the other's URL in its configuration). */
export async function singleSignOnPorts(): Promise<{ apiPort: number; providerPort: number }> {
  return { apiPort: await freePort(), providerPort: await freePort() };
}

/** The API's settings for a provider on `providerPort`. */
export function singleSignOnEnv(apiPort: number, providerPort: number, clientSecret: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: String(apiPort),
    RATE_LIMIT_ENABLED: 'false',
    OIDC_ISSUER_URL: `http://127.0.0.1:${providerPort}`,
    OIDC_CLIENT_ID: 'logic-camp-crm',
    OIDC_CLIENT_SECRET: clientSecret,
    OIDC_SCOPES: 'openid email profile groups',
    OIDC_REDIRECT_URI: `http://127.0.0.1:${apiPort}/auth/oidc/callback`,
    OIDC_POST_LOGIN_REDIRECT: POST_LOGIN_REDIRECT,
    OIDC_ROLE_MAP: 'crm-admins:admin,crm-sales:sales,crm-support:support',
    OIDC_HTTP_TIMEOUT_MS: '3000',
    ...extra,
  };
}

export function startProvider(apiPort: number, providerPort: number, clientSecret: string, accounts: Record<string, TestAccount>): Promise<OidcTestProvider> {
  return OidcTestProvider.start({ port: providerPort, redirectUri: `http://127.0.0.1:${apiPort}/auth/oidc/callback`, accounts, clientSecret });
}

/** GET /auth/oidc/login as a browser: the provider URL it redirects to. */
export async function beginSignIn(server: LiveServer): Promise<URL> {
  const response = await fetch(`${server.baseUrl}/auth/oidc/login`, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
  if (response.status !== 302) throw new Error(`GET /auth/oidc/login answered ${response.status}: ${await response.text()}`);
  return new URL(response.headers.get('location')!);
}

/** Opens the API's callback URL as the browser would; `location` is where the API sends the browser next. */
export async function openCallback(callbackUrl: URL): Promise<{ status: number; location: URL | null; body: any }> {
  const response = await fetch(callbackUrl, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
  const raw = await response.text();
  const location = response.headers.get('location');
  return { status: response.status, location: location ? new URL(location) : null, body: raw ? JSON.parse(raw) : undefined };
}

/** The whole browser journey up to the SPA's one-time code: login → provider → callback → SPA URL. */
export async function oneTimeCodeFor(server: LiveServer, provider: OidcTestProvider, accountId: string): Promise<string> {
  const callback = await provider.signIn((await beginSignIn(server)).href, accountId);
  const opened = await openCallback(callback);
  if (opened.status !== 302 || !opened.location) throw new Error(`callback answered ${opened.status}: ${JSON.stringify(opened.body)}`);
  return opened.location.searchParams.get('code')!;
}

/** The full single sign-on: the token response (or two-factor challenge) of POST /auth/oidc/exchange. */
export async function signInThroughProvider(server: LiveServer, provider: OidcTestProvider, accountId: string) {
  const code = await oneTimeCodeFor(server, provider, accountId);
  return server.request('POST', '/auth/oidc/exchange', { body: { code } });
}
