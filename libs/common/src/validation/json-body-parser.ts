import type { FastifyInstance } from 'fastify';
import { badRequest } from '../errors/api-exception';

/**
 * True when `text` opens more than `maxDepth` nested objects/arrays. An iterative scan of the raw
 * string, so a hostile body is refused before JSON.parse and the recursive pipes ever see it.
 */
export function jsonNestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * The body parsers Nest would register (create the app with `bodyParser: false`), with a depth
 * check in front of Fastify's own JSON parser (prototype-poisoning checks included).
 */
export function installBodyParsers(fastify: FastifyInstance, maxDepth: number): void {
  const { onProtoPoisoning, onConstructorPoisoning } = fastify.initialConfig;
  const parse = fastify.getDefaultJsonParser(onProtoPoisoning ?? 'error', onConstructorPoisoning ?? 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    const fields: Record<string, string | string[]> = {};
    for (const [key, value] of new URLSearchParams(String(body))) {
      const previous = fields[key];
      fields[key] = previous === undefined ? value : ([] as string[]).concat(previous, value);
    }
    done(null, fields);
  });
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (jsonNestsDeeperThan(text, maxDepth)) {
      done(badRequest(`the JSON body nests deeper than ${maxDepth} levels`, [{ field: 'body', message: `must nest at most ${maxDepth} levels of objects and arrays` }]), undefined);
      return;
    }
    // Fastify's default parser answers through `done`; its return value carries nothing to await.
    void parse(request, text, done);
  });
}
