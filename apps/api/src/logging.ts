import type { Writable } from 'stream';
import type { Params } from 'nestjs-pino';
import type { IncomingMessage } from 'http';

/** Never logged, wherever they appear in a log object. */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...['password', 'password_hash', 'new_password', 'current_password', 'refresh_token', 'access_token', 'token', 'card_number', 'cvv', 'secret', 'recovery_code', 'recovery_codes', 'challenge', 'step_up_token', 'key'].flatMap(
    (key) => [key, `*.${key}`, `*.*.${key}`],
  ),
];

export function pinoParams(level: string, stream?: Writable): Params {
  return {
    pinoHttp: [
      {
        level,
        redact: { paths: REDACTED_LOG_PATHS, censor: '[REDACTED]' },
        // Fastify assigned the id (and echoed it in x-request-id); reuse it so logs and responses match.
        genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id: string }).id,
        customProps: () => ({ service: 'logic-camp-api' }),
        serializers: {
          req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url?.split('?')[0] }),
        },
        autoLogging: { ignore: (req: IncomingMessage) => req.url?.startsWith('/health') ?? false },
      },
      ...(stream ? [stream] : []),
    ] as Params['pinoHttp'],
  };
}
