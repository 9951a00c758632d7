/**
 * The `exp` claim (seconds since the epoch) of a JWT access token, read WITHOUT verifying it: the
 * server verifies every token; the client only needs to know whether a refresh can help after a 401.
 */
export function accessTokenExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
    if (typeof claims === 'object' && claims !== null && 'exp' in claims && typeof claims.exp === 'number') return claims.exp;
  } catch {
    // Not a JWT: treat it as never expiring, so a 401 is passed on instead of triggering a refresh.
  }
  return undefined;
}

/** True when the token has expired, or will within `leewayMs` (the client's clock may run behind the server's). */
export function isAccessTokenExpired(token: string, nowMs: number, leewayMs: number): boolean {
  const exp = accessTokenExpiry(token);
  return exp !== undefined && exp * 1000 <= nowMs + leewayMs;
}
