import type { Environment } from './environment';

/** Fastify takes these when it is constructed, before the Nest app (and AppConfig) exists. */
export interface HttpServerSettings {
  bodyLimitBytes: number;
  /** false: the socket's peer is the client; else the proxies whose X-Forwarded-For is believed. */
  trustProxy: false | string[];
  requestTimeoutMs: number;
  connectionTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

export function parseTrustProxy(value: string): false | string[] {
  const entries = value.split(',').map((entry) => entry.trim()).filter(Boolean);
  return entries.length === 0 || ['off', 'false'].includes(entries[0].toLowerCase()) ? false : entries;
}

export function httpServerSettings(env: Environment): HttpServerSettings {
  return {
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    connectionTimeoutMs: env.CONNECTION_TIMEOUT_MS,
    keepAliveTimeoutMs: env.KEEP_ALIVE_TIMEOUT_MS,
  };
}
