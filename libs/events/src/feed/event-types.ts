import { fieldError, OUTBOX_EVENT_TYPES, OutboxEventType } from '@app/common';

/**
 * `lead.created,customer.*` → the outbox types they name. A wildcard covers one entity's events
 * (`lead.*`); `*` all of them. An unknown name is a 400 listing the valid ones.
 */
export function parseEventTypes(value: string | readonly string[], field: string): OutboxEventType[] {
  const names = (typeof value === 'string' ? value.split(',') : value).map((name) => name.trim()).filter(Boolean);
  const matched = new Set<OutboxEventType>();
  for (const name of names) {
    const types = matchEventType(name);
    if (types.length === 0) throw fieldError(field, `${JSON.stringify(name)} is not an event type; use one of ${OUTBOX_EVENT_TYPES.join(', ')}, an entity wildcard such as lead.*, or *`);
    types.forEach((type) => matched.add(type));
  }
  if (matched.size === 0) throw fieldError(field, 'name at least one event type');
  return OUTBOX_EVENT_TYPES.filter((type) => matched.has(type));
}

export function matchEventType(pattern: string): OutboxEventType[] {
  if (pattern === '*') return [...OUTBOX_EVENT_TYPES];
  if (pattern.endsWith('.*')) {
    const prefix = pattern.slice(0, -1);
    return OUTBOX_EVENT_TYPES.filter((type) => type.startsWith(prefix));
  }
  return OUTBOX_EVENT_TYPES.filter((type) => type === pattern);
}
