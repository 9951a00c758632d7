import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { badRequest } from '../errors/api-exception';

/**
 * Rejects `$`-prefixed or dotted keys anywhere in a body or query: they are MongoDB operators or
 * paths, never field names of ours, and letting one through is how NoSQL injection starts.
 */
@Injectable()
export class RejectOperatorKeysPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'body' || metadata.type === 'query') {
      const offending = findOperatorKey(value, '');
      if (offending) {
        throw badRequest(`${offending.path} is not allowed: keys may not start with $ or contain a dot`, [
          { field: offending.path, message: 'keys may not start with $ or contain a dot' },
        ]);
      }
    }
    return value;
  }
}

export function findOperatorKey(value: unknown, path: string, depth = 0): { path: string } | undefined {
  if (depth > 32 || value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (key.startsWith('$') || key.includes('.')) return { path: childPath };
    const nested = findOperatorKey(child, childPath, depth + 1);
    if (nested) return nested;
  }
  return undefined;
}
