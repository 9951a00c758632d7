import { renderTemplate, templatePlaceholders } from '../template-renderer';
import { DEFAULT_NOTIFICATION_TYPES } from './default-notification-types';
import { NOTIFICATION_RULES } from '../notifications/notification-events.listener';

describe('default notification types', () => {
  it.each(DEFAULT_NOTIFICATION_TYPES)('$key uses exactly the placeholders its event provides', (type) => {
    const used = new Set([...templatePlaceholders(type.title_template), ...templatePlaceholders(type.body_template)]);
    expect([...used].sort()).toEqual([...type.placeholders].sort());
    const data = Object.fromEntries(type.placeholders.map((name) => [name, `<${name}>`]));
    expect(renderTemplate(type.title_template, data)).not.toMatch(/\{\{|\}\}/);
    expect(renderTemplate(type.body_template, data)).not.toMatch(/\{\{|\}\}/);
  });

  it('has one type for every rule of the event → template table, and nothing else', () => {
    const templates = Object.values(NOTIFICATION_RULES).map((rule) => rule.template);
    expect(new Set(templates).size).toBe(templates.length);
    expect(templates.sort()).toEqual(DEFAULT_NOTIFICATION_TYPES.map((t) => t.key).sort());
  });
});
