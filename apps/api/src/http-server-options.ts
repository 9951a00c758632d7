import { randomUUID } from 'crypto';
import { STATUS_CODES } from 'http';
import type { Socket } from 'net';
import type { HttpServerSettings } from '@app/config';
import { REQUEST_ID_HEADER } from '@app/common';

/**
 * Fastify's construction options from the settings: which proxies are believed, and how long a
 * client may take to send its request (a slowly trickled body is cut with a 408).
 */
export function httpServerOptions(settings: HttpServerSettings) {
  const { requestTimeoutMs } = settings;
  return {
    bodyLimit: settings.bodyLimitBytes,
    trustProxy: settings.trustProxy === false ? false : settings.trustProxy.join(','),
    requestTimeout: requestTimeoutMs,
    connectionTimeout: settings.connectionTimeoutMs,
    keepAliveTimeout: settings.keepAliveTimeoutMs,
    // Shutdown is drained by GracefulShutdown: a request that arrives on an open connection while
    // Fastify closes is served by the app (error shape, request id), never Fastify's bare 503.
    return503OnClosing: false,
    forceCloseConnections: 'idle' as const,
    http: {
      // Node checks request deadlines on this interval (30 s by default): a tenth of the timeout keeps the cut close to it.
      connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(requestTimeoutMs / 10))),
      headersTimeout: Math.min(60_000, requestTimeoutMs),
    },
    clientErrorHandler: (error: NodeJS.ErrnoException, socket: Socket) => answerClientError(error, socket, requestTimeoutMs),
  };
}

/**
 * Errors Node raises before any request reaches Fastify (request timeout, oversized headers,
 * malformed HTTP) answered in the product's error shape; Fastify's default answers another shape.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket, requestTimeoutMs: number): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    const statusCode = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const message =
      statusCode === 408
        ? `the request was not received within ${requestTimeoutMs} ms (REQUEST_TIMEOUT_MS); send the whole request faster`
        : statusCode === 431
          ? 'the request headers are too large'
          : 'the request is not valid HTTP';
    const requestId = randomUUID();
    const body = JSON.stringify({ statusCode, error: STATUS_CODES[statusCode], message, details: [], requestId });
    socket.write(
      `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `${REQUEST_ID_HEADER}: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
