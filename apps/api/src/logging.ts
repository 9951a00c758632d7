import type { Writable } from 'stream';
import { Logger as NestPinoLogger, Params, PinoLogger } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'http';
import { basePinoOptions, logDestination, requestContext } from '@app/common';


export interface LogSettings {
  level: string;
  /** NODE_ENV=development: pretty lines when stdout is a terminal. */
  development: boolean;
}

/**
 * The API's one pino logger, for Nest's own lines and the request log alike: JSON on stdout
 * (pretty only in development on a terminal), or `stream` when a test captures it. A request
 * line carries what an operator reads — method, path (never the query: signed links and tokens
 * travel there), status, duration, request id, user id — not the request or response headers.
 */
export function pinoParams({ level, development }: LogSettings, stream?: Writable): Params {
  return {
    pinoHttp: [
      {
        ...basePinoOptions(level, 'logic-camp-api'),
        // Fastify assigned the id (and echoed it in x-request-id); reuse it so logs and responses match.
        genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id: string }).id,
        // Read when the line is written: the JWT strategy learns the user after the request began.
        customProps: (req: IncomingMessage) => {
          const userId = requestContext.of(req)?.userId;
          return userId ? { user_id: userId } : {};
        },
        serializers: {
          req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url?.split('?')[0] }),
          res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
        },
        autoLogging: { ignore: (req: IncomingMessage) => req.url?.startsWith('/health') ?? false },
      },
      stream ?? logDestination(1, development),
    ] as Params['pinoHttp'],
  };
}

let startupLogger: NestPinoLogger | undefined;

/**
 * The logger Nest gets before the app exists (NestFactory's own start-up lines, a failed start)
 * and main.ts after it: the same pino instance the app's LoggerModule then uses (nestjs-pino
 * keeps the first one built as its root), so every line of the process has one format.
 */
export function apiStartupLogger(settings?: LogSettings, stream?: Writable): NestPinoLogger {
  if (!startupLogger || settings) {
    const params = pinoParams(settings ?? { level: process.env.LOG_LEVEL ?? 'info', development: (process.env.NODE_ENV ?? 'development') === 'development' }, stream);
    startupLogger = new NestPinoLogger(new PinoLogger(params), params);
  }
  return startupLogger;
}
