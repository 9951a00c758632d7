import { DomainEvent } from '@app/common';
import { renderTemplate, templatePlaceholders } from '../template-renderer';
import { DEFAULT_NOTIFICATION_TYPES } from './default-notification-types';
import { NOTIFICATION_TYPE_BY_EVENT } from '../notifications/notification-events.listener';

describe('default notification types', () => {
  it.each(DEFAULT_NOTIFICATION_TYPES)('$key uses exactly the placeholders its event provides', (type) => {
    const used = new Set([...templatePlaceholders(type.title_template), ...templatePlaceholders(type.body_template)]);
    expect([...used].sort()).toEqual([...type.placeholders].sort());
    const data = Object.fromEntries(type.placeholders.map((name) => [name, `<${name}>`]));
    expect(renderTemplate(type.title_template, data)).not.toMatch(/\{\{|\}\}/);
    expect(renderTemplate(type.body_template, data)).not.toMatch(/\{\{|\}\}/);
  });

  it('has one type for every event that notifies people, and nothing else', () => {
    const notifying = Object.values(DomainEvent).filter((event) => event !== DomainEvent.UserDeactivated);
    expect(Object.keys(NOTIFICATION_TYPE_BY_EVENT).sort()).toEqual(notifying.sort());
    expect(Object.values(NOTIFICATION_TYPE_BY_EVENT).sort()).toEqual(DEFAULT_NOTIFICATION_TYPES.map((t) => t.key).sort());
  });
});
