import { lookup } from 'dns/promises';
import http from 'http';
import https from 'https';
import { isIP } from 'net';
import type { LookupFunction } from 'net';
import { blockedAddressReason } from './address-guard';

export interface DeliveryAttempt {
  ok: boolean;
  status: number | null;
  latency_ms: number;
  error: string | null;
}

export interface SendOptions {
  timeoutMs: number;
  /** Production: every resolved address must be public, and the connection goes to the one checked. */
  guardAddresses: boolean;
}

/** A target refused before any byte was sent (bad scheme, a private address). */
export class WebhookTargetError extends Error {}

/**
 * Resolves the host once and checks EVERY address it resolves to (an attacker's DNS may answer a
 * public and a private one); returns the address to connect to. The connection is then pinned to
 * it (the request's `lookup` answers with it), so a second resolution cannot swap in another
 * address between the check and the connect (DNS rebinding).
 */
export async function resolveTarget(url: URL, guard: boolean): Promise<{ address: string; family: 4 | 6 }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host);
  const addresses = literal ? [{ address: host, family: literal }] : await lookup(host, { all: true, verbatim: true });
  if (addresses.length === 0) throw new WebhookTargetError(`${host} does not resolve`);
  if (guard) {
    for (const { address } of addresses) {
      const reason = blockedAddressReason(address);
      if (reason) throw new WebhookTargetError(`${host} resolves to ${reason}; webhooks go to public addresses only`);
    }
  }
  return { address: addresses[0].address, family: addresses[0].family === 6 ? 6 : 4 };
}

/** One POST: no redirect is followed (a 3xx is a failure), the whole exchange bounded by `timeoutMs`. */
export async function sendWebhook(target: string, body: string, headers: Record<string, string>, options: SendOptions): Promise<DeliveryAttempt> {
  const started = Date.now();
  const failed = (error: string, status: number | null = null): DeliveryAttempt => ({ ok: false, status, latency_ms: Date.now() - started, error });
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return failed('the URL does not parse');
  }
  let pinned: { address: string; family: 4 | 6 };
  try {
    pinned = await resolveTarget(url, options.guardAddresses);
  } catch (error) {
    return failed((error as Error).message);
  }
  const pinnedLookup: LookupFunction = (_hostname, lookupOptions, callback) => {
    if ((lookupOptions as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<DeliveryAttempt>((resolve) => {
    const request = transport.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body).toString(), 'user-agent': 'LogicCampCRM-Webhooks/1', ...headers },
        lookup: pinnedLookup,
        agent: false,
        timeout: options.timeoutMs,
      },
      (response) => {
        // Drain (bounded) so the socket closes; only the status matters.
        let received = 0;
        response.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > 64 * 1024) response.destroy();
        });
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          resolve(status >= 200 && status < 300 ? { ok: true, status, latency_ms: Date.now() - started, error: null } : failed(`HTTP ${status}`, status));
        });
        response.on('error', () => resolve(failed('the response was cut off', response.statusCode ?? null)));
      },
    );
    const deadline = setTimeout(() => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    request.on('close', () => clearTimeout(deadline));
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    request.on('error', (error) => resolve(failed(error.message)));
    request.end(body);
  });
}
