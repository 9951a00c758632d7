import { ApiExtension } from '@nestjs/swagger';
import type { ListSpec } from '../list-query/list-query';

/** The operation extension `ApiListQuery` leaves for `applyListQueryEnums` (removed from the final document). */
const LIST_QUERY_EXTENSION = 'x-list-query';

interface ListQueryEnums {
  sort: string[];
  populate: string[];
}

/** What a ListSpec accepts: every sortable field ascending and descending (`-field`), every populate name. */
export function listQueryEnums(spec: ListSpec): ListQueryEnums {
  return { sort: spec.sortable.flatMap((field) => [field, `-${field}`]), populate: Object.keys(spec.populate ?? {}) };
}

/**
 * `sort` and `populate` of this route documented from the same ListSpec `findPage`/`findOneRow`
 * validate against (the query DTOs are shared, so their own schema can only say "a string").
 * Detail routes use it for `populate`; list routes get it through `ApiPageResponse(row, spec)`.
 */
export const ApiListQuery = (spec: ListSpec) => ApiExtension(LIST_QUERY_EXTENSION, listQueryEnums(spec));

type Json = Record<string, any>;

/**
 * Rewrites `sort` and `populate` of every operation that declared its ListSpec: `sort` an enum,
 * `populate` a comma-separated (form, explode: false) array of the route's names — dropped where the
 * route populates nothing. Run on the built document (the parameters exist only then).
 */
export function applyListQueryEnums(document: Json): void {
  for (const item of Object.values<Json>(document.paths ?? {})) {
    for (const operation of Object.values<Json>(item)) {
      const enums = operation?.[LIST_QUERY_EXTENSION] as ListQueryEnums | undefined;
      if (!enums) continue;
      delete operation[LIST_QUERY_EXTENSION];
      const parameters: Json[] = operation.parameters ?? [];
      operation.parameters = parameters.flatMap((parameter) => {
        if (parameter.in !== 'query') return [parameter];
        if (parameter.name === 'sort' && enums.sort.length) {
          return [{ ...parameter, schema: { type: 'string', enum: enums.sort }, description: 'A sortable field; `-` prefix for descending.' }];
        }
        if (parameter.name === 'populate') {
          if (!enums.populate.length) return [];
          return [
            {
              ...parameter,
              description: 'References to embed next to their ids, comma-separated.',
              style: 'form',
              explode: false,
              schema: { type: 'array', items: { type: 'string', enum: enums.populate }, uniqueItems: true },
            },
          ];
        }
        return [parameter];
      });
    }
  }
}
