/** Driver and Mongoose errors that mean "no database to talk to right now", by name (Mongoose and the app may load different driver copies). */
const UNAVAILABLE_ERROR_NAMES = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'MongoPoolClosedError',
]);

/** Server answers that mean the server is going away or stepping down (a failover, a shutdown): retry later. */
const UNAVAILABLE_SERVER_CODES = new Set([91, 189, 10107, 11600, 11602, 13435, 13436]);

/**
 * Socket errors the driver lets through unwrapped when the server dies mid-write ("This socket has
 * been ended by the other party", EPIPE). The API opens no other outbound connections.
 */
const SOCKET_ERROR_CODES = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED']);

/** Mongoose's queue for operations issued while disconnected gave up (bufferTimeoutMS). */
const BUFFERING_TIMEOUT = /^Operation `[^`]+` buffering timed out after \d+ms$/;

/** True when the error says the database is unreachable (not that the request was wrong): the answer is 503, never 401 or 500. */
export function isDatabaseUnavailableError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 3; current = (current as { cause?: unknown }).cause, depth++) {
    const { name, code, message } = current as { name?: unknown; code?: unknown; message?: unknown };
    if (typeof name === 'string' && UNAVAILABLE_ERROR_NAMES.has(name)) return true;
    if (typeof code === 'number' && UNAVAILABLE_SERVER_CODES.has(code) && typeof name === 'string' && name.startsWith('Mongo')) return true;
    if (typeof code === 'string' && SOCKET_ERROR_CODES.has(code)) return true;
    if (name === 'MongooseError' && typeof message === 'string' && BUFFERING_TIMEOUT.test(message)) return true;
  }
  return false;
}

export const DATABASE_UNAVAILABLE_MESSAGE = 'Database unavailable: the service cannot reach its database right now; retry shortly';
