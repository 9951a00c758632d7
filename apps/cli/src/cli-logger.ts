import { ConsoleLogger, LogLevel } from '@nestjs/common';

/** Start-up chatter nobody running a command needs. */
const QUIET_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'NestApplicationContext']);

/** Nest's human-readable logger, but every line on stderr: stdout carries only command output. */
export class StderrLogger extends ConsoleLogger {
  constructor(levels: LogLevel[]) {
    super('cli', { logLevels: levels, timestamp: false, colors: Boolean(process.stderr.isTTY) });
  }

  protected override printMessages(messages: unknown[], context?: string, logLevel?: LogLevel, _stream?: 'stdout' | 'stderr', errorStack?: unknown): void {
    if (logLevel === 'log' && context && QUIET_CONTEXTS.has(context)) return;
    // The slow-query log's structured half; its one-line summary follows it.
    if (context === 'SlowQuery' && typeof messages[0] === 'object') return;
    // A failed start (e.g. the data dir in use) is reported by main as one line; the stack only with LOG_LEVEL=debug.
    if (context === 'ExceptionHandler' && process.env.LOG_LEVEL !== 'debug') return;
    super.printMessages(messages, context, logLevel, 'stderr', errorStack);
  }
}
