import pino from 'pino';
import { Writable } from 'stream';
import { basePinoOptions, censorSecrets, LOG_CENSOR } from './log-output';

function capture(): { logger: pino.Logger; lines: () => Record<string, any>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  const logger = pino(basePinoOptions('info', 'test'), stream);
  return { logger, lines: () => chunks.join('').trim().split('\n').map((line) => JSON.parse(line)) };
}

describe('log censoring', () => {
  it('censors secret keys at any depth of a line and in errors, request headers in a child binding, and leaves the rest', () => {
    const { logger, lines } = capture();
    const error = Object.assign(new Error('upstream refused'), { token: 'tok-123', status: 502 });
    logger.child({ req: { id: 'r1', headers: { authorization: 'Bearer abc.def.ghi' } } }).info(
      { user: { profile: { password: 'Passw0rd!', name: 'Ann' } }, cards: [{ card_number: '4242424242424242', last4: '4242' }], err: error },
      'hello',
    );
    const [line] = lines();
    expect(line.req).toEqual({ id: 'r1', headers: { authorization: LOG_CENSOR } });
    expect(line.user).toEqual({ profile: { password: LOG_CENSOR, name: 'Ann' } });
    expect(line.cards).toEqual([{ card_number: LOG_CENSOR, last4: '4242' }]);
    expect(line.err).toMatchObject({ message: 'upstream refused', token: LOG_CENSOR, status: 502 });
    expect(JSON.stringify(line)).not.toMatch(/Passw0rd|4242424242424242|tok-123|abc\.def/);
    // The thrown error itself is left as it was.
    expect(error.token).toBe('tok-123');
  });

  it('returns an object without secrets as it is (no copy on the hot path)', () => {
    const record = { req: { id: 'r1', method: 'GET', url: '/projects/1' }, res: { statusCode: 200 }, responseTime: 3 };
    expect(censorSecrets(record)).toBe(record);
    const withSecret = { a: { b: { secret: 's' } }, c: 1 };
    const censored = censorSecrets(withSecret);
    expect(censored).toEqual({ a: { b: { secret: LOG_CENSOR } }, c: 1 });
    expect(withSecret.a.b.secret).toBe('s');
  });
});
