import { Injectable } from '@nestjs/common';
import { escapeRegExp } from '@app/common';
import { DatabaseCapabilities } from '@app/database';

/** How one `?q=` becomes a match and a relevance score (higher first) for the search pipeline. */
export interface DirectorySearchPlan {
  /** Goes into the pipeline's first `$match` (`$text` must be first). */
  match: Record<string, unknown>;
  /** Expression for the `relevance` field. */
  relevance: Record<string, unknown> | number;
}

export const SEARCHED_FIELDS = ['name', 'description', 'industry'] as const;

/** `$text` with the text score; weights on the text index put name matches first. */
export function textSearchPlan(q: string): DirectorySearchPlan {
  return { match: { $text: { $search: q } }, relevance: { $meta: 'textScore' } };
}

/**
 * Engines without `$text`: the whole query as an escaped, case-insensitive substring of any
 * searched field; entries whose name contains it rank first (2), the rest after (1).
 */
export function regexSearchPlan(q: string): DirectorySearchPlan {
  const pattern = new RegExp(escapeRegExp(q), 'i');
  const inName = { $gte: [{ $indexOfCP: [{ $toLower: { $ifNull: ['$name', ''] } }, q.toLowerCase()] }, 0] };
  return {
    match: { $or: SEARCHED_FIELDS.map((field) => ({ [field]: pattern })) },
    relevance: { $cond: [inName, 2, 1] },
  };
}

/** The one place that decides between full-text and regex search, from the capability probe. */
@Injectable()
export class DirectorySearch {
  constructor(private readonly capabilities: DatabaseCapabilities) {}

  plan(q: string): DirectorySearchPlan {
    return this.capabilities.textSearch ? textSearchPlan(q) : regexSearchPlan(q);
  }
}
