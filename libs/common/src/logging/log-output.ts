import { hostname } from 'os';
import pino, { DestinationStream, LoggerOptions } from 'pino';

/** Never logged, wherever they appear in a log object. */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...['password', 'password_hash', 'new_password', 'current_password', 'refresh_token', 'access_token', 'token', 'card_number', 'cvv', 'secret', 'recovery_code', 'recovery_codes', 'challenge', 'step_up_token', 'key'].flatMap(
    (key) => [key, `*.${key}`, `*.*.${key}`],
  ),
];

/** The options every process's root pino logger shares (API and CLI): one JSON shape, one redaction list. */
export function basePinoOptions(level: string, service: string): LoggerOptions {
  return {
    level: level in pino.levels.values || level === 'silent' ? level : 'info',
    base: { pid: process.pid, hostname: hostname(), service },
    redact: { paths: REDACTED_LOG_PATHS, censor: '[REDACTED]' },
  };
}

/** Human-readable lines only for a developer at a terminal; everywhere else (production, CI, pipes, files) JSON. */
export function wantsPrettyLogs(development: boolean, stream: { isTTY?: boolean }): boolean {
  return development && Boolean(stream.isTTY);
}

/**
 * Where a process's log lines go: its stdout (API) or stderr (CLI, whose stdout carries results),
 * written synchronously so nothing is lost on `process.exit`. On a development terminal through
 * pino-pretty — a devDependency, absent from the production image, where JSON is wanted anyway.
 */
export function logDestination(fd: 1 | 2, development: boolean): DestinationStream {
  if (wantsPrettyLogs(development, fd === 1 ? process.stdout : process.stderr)) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const pretty = require('pino-pretty') as (options: Record<string, unknown>) => DestinationStream;
      return pretty({ destination: fd, sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service,context', messageFormat: '{if context}[{context}] {end}{msg}' });
    } catch {
      /* not installed: JSON it is */
    }
  }
  return pino.destination({ fd, sync: true });
}

/**
 * Node prints process warnings (a dependency's deprecation notice, say) to stderr as plain text
 * through its own 'warning' listener; this replaces that listener with one that logs them as
 * JSON lines, so a warning never breaks the one log format.
 */
export function logProcessWarnings(warn: (record: { name: string; code?: string }, message: string) => void): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning: Error & { code?: string }) => warn({ name: warning.name, ...(warning.code ? { code: warning.code } : {}) }, warning.message));
}
