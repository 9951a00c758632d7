import type { LoggerService } from '@nestjs/common';
import pino, { Logger as Pino } from 'pino';
// The logging module alone (not @app/common's index): main.ts reports a mistyped flag through it before anything else loads.
import { basePinoOptions, logDestination } from '@app/common/logging';

/** Start-up chatter nobody running a command needs. */
const QUIET_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'NestApplicationContext']);

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/**
 * The CLI's log lines: pino JSON on stderr (pretty only in development on a terminal), the same
 * shape as the API's; stdout carries only command output (tables, --json), so it stays pipe-able.
 */
export class CliLogger implements LoggerService {
  readonly pino: Pino;

  constructor(level = process.env.LOG_LEVEL ?? 'info', development = (process.env.NODE_ENV ?? 'development') === 'development') {
    this.pino = pino(basePinoOptions(level, 'logic-camp-cli'), logDestination(2, development));
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    const context = params.length > 0 && typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
    if ((level === 'info' || level === 'trace') && context && QUIET_CONTEXTS.has(context)) return;
    // A failed start (e.g. the data dir in use) is reported by run-cli as one line; the stack only with LOG_LEVEL=debug.
    if (context === 'ExceptionHandler' && process.env.LOG_LEVEL !== 'debug') return;
    const bindings: Record<string, unknown> = context ? { context } : {};
    // Nest passes (object, message) for structured lines (the slow-query log) and (message, stack) for errors.
    const extra = typeof params[0] === 'string' ? params[0] : undefined;
    if (message instanceof Error) this.pino[level]({ ...bindings, err: message }, message.message);
    else if (message !== null && typeof message === 'object') this.pino[level]({ ...bindings, ...(message as object) }, extra);
    else this.pino[level](extra ? { ...bindings, stack: extra } : bindings, String(message));
  }
}

let shared: CliLogger | undefined;

/** The process's one CLI logger (Nest's, the commands' notes, the final error line). */
export function cliLogger(): CliLogger {
  shared ??= new CliLogger();
  return shared;
}
