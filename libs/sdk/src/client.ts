import createClient from 'openapi-fetch';
import { isAccessTokenExpired } from './access-token';
import type { components, paths } from './generated/schema';

export type LoginCredentials = components['schemas']['LoginDto'];
/** The second sign-in step: the challenge POST /auth/login answered, with a TOTP code or a recovery code. */
export type TwoFactorVerification = components['schemas']['VerifyTwoFactorDto'];

/** What a caller keeps between page loads to stay signed in. */
export interface SessionTokens {
  access_token: string;
  refresh_token: string;
}

export interface LogicCampClientOptions {
  /** Absolute API origin (plus any path prefix), e.g. `https://crm.example.com`. */
  baseUrl: string;
  /** Defaults to the global `fetch`; tests, SSR and instrumentation pass their own. */
  fetch?: (request: Request) => Promise<Response>;
  /** A session restored from storage. */
  tokens?: SessionTokens | null;
  /** Called with each new pair (sign-in, refresh) and with `null` when the session ends (logout, refused refresh). */
  onTokens?: (tokens: SessionTokens | null) => void;
  /** An access token expiring within this many ms counts as expired (clock skew). Default 30 s. */
  expiryLeewayMs?: number;
}

/** The routes that take no access token: their body is the credential. */
const CREDENTIAL_ROUTES = ['/auth/login', '/auth/refresh'];

/**
 * The typed Logic Camp client: every operation of the OpenAPI document through openapi-fetch
 * (`client.GET('/leads/{id}', { params: { path: { id } } })`), plus the session:
 * `login` stores the token pair, every request carries the access token, and a 401 on an EXPIRED
 * access token refreshes once (one refresh shared by all requests in flight) and retries the request once.
 */
export function createLogicCampClient(options: LogicCampClientOptions) {
  const baseFetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const leewayMs = options.expiryLeewayMs ?? 30_000;
  let tokens: SessionTokens | null = options.tokens ?? null;
  let refreshing: Promise<SessionTokens | null> | undefined;

  const store = (next: SessionTokens | null): void => {
    tokens = next && { access_token: next.access_token, refresh_token: next.refresh_token };
    options.onTokens?.(tokens);
  };

  const authenticatedFetch = async (request: Request): Promise<Response> => {
    const sent = tokens?.access_token;
    const path = new URL(request.url).pathname;
    if (!sent || request.headers.has('authorization') || CREDENTIAL_ROUTES.some((route) => path.endsWith(route))) return baseFetch(request);
    request.headers.set('authorization', `Bearer ${sent}`);
    // Cloned before sending: a body can be read only once, and the retry needs it again.
    const retry = request.clone();
    const response = await baseFetch(request);
    if (response.status !== 401 || !isAccessTokenExpired(sent, Date.now(), leewayMs)) return response;
    // Another request may already have refreshed while this one was in flight: use its pair.
    const fresh = tokens && tokens.access_token !== sent ? tokens : await refresh();
    if (!fresh) return response;
    await response.body?.cancel();
    retry.headers.set('authorization', `Bearer ${fresh.access_token}`);
    return baseFetch(retry);
  };

  const api = createClient<paths>({ baseUrl: options.baseUrl, fetch: authenticatedFetch });

  /** Exchanges the refresh token for a new pair; concurrent callers share one request (each refresh token works once). */
  function refresh(): Promise<SessionTokens | null> {
    refreshing ??= (async () => {
      const current = tokens;
      if (!current) return null;
      const { data, response } = await api.POST('/auth/refresh', { body: { refresh_token: current.refresh_token } });
      if (data) {
        store(data);
        return tokens;
      }
      // Spent or revoked: no later refresh can succeed, so the session is over. (A 429 or 503 keeps it.)
      if (response.status === 401) store(null);
      return null;
    })().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  }

  return {
    ...api,
    /**
     * Signs in and keeps the pair; the result is openapi-fetch's `{ data, error, response }`. For an
     * account with two-factor sign-in `data` is a challenge instead (`'challenge' in data`): finish
     * with `verifyTwoFactor`.
     */
    async login(credentials: LoginCredentials) {
      const result = await api.POST('/auth/login', { body: credentials });
      if (result.data && 'access_token' in result.data) store(result.data);
      return result;
    },
    /** The second step of a two-factor sign-in; keeps the pair it answers. */
    async verifyTwoFactor(verification: TwoFactorVerification) {
      const result = await api.POST('/auth/2fa/verify', { body: verification });
      if (result.data) store(result.data);
      return result;
    },
    refresh,
    /** Ends this device's session on the server and forgets the tokens (locally even when the server call fails). */
    async logout() {
      const current = tokens;
      if (!current) return undefined;
      try {
        return await api.POST('/auth/logout', { body: { refresh_token: current.refresh_token } });
      } finally {
        store(null);
      }
    },
    /** The current pair, or null when signed out. */
    tokens(): SessionTokens | null {
      return tokens;
    },
    /** Replaces the pair without notifying `onTokens` (e.g. a session restored or shared by another tab). */
    setTokens(next: SessionTokens | null): void {
      tokens = next;
    },
  };
}

export type LogicCampClient = ReturnType<typeof createLogicCampClient>;
