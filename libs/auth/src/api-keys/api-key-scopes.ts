/**
 * The one table of what an API key can be allowed to do: each area is a part of the API (declared
 * on its controllers with `@ApiKeyArea(area)`), with the access levels it offers. A route's
 * required scope is its area plus `read` for GET/HEAD, `write` for every other method.
 */
export const API_KEY_AREAS = {
  crm: ['read', 'write'],
  projects: ['read', 'write'],
  tasks: ['read', 'write'],
  files: ['read', 'write'],
  messaging: ['read', 'write'],
  audit: ['read'],
  events: ['read'],
  metrics: ['read'],
} as const satisfies Record<string, readonly ('read' | 'write')[]>;

export type ApiKeyAreaName = keyof typeof API_KEY_AREAS;

/** Every scope a key may be given: `<area>:<level>`, and `<area>:*` for every level of an area. */
export const API_KEY_SCOPES: readonly string[] = Object.entries(API_KEY_AREAS).flatMap(([area, levels]) => [
  ...levels.map((level) => `${area}:${level}`),
  ...(levels.length > 1 ? [`${area}:*`] : []),
]);

const READ_METHODS = new Set(['GET', 'HEAD']);

/** The scope a request to a route of `area` needs. */
export function requiredScope(area: ApiKeyAreaName, method: string): string {
  return `${area}:${READ_METHODS.has(method.toUpperCase()) ? 'read' : 'write'}`;
}

/** True when `scopes` grant `required` (exactly, or through `<area>:*`). */
export function scopesAllow(scopes: readonly string[], required: string): boolean {
  const area = required.slice(0, required.indexOf(':'));
  return scopes.includes(required) || scopes.includes(`${area}:*`);
}
