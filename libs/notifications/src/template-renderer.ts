/** `{{lead_name}}`: lower-case letters and underscores, optional spaces inside the braces. */
const PLACEHOLDER = /\{\{\s*([a-z_]+)\s*\}\}/g;

export type TemplateData = Record<string, string | number | null | undefined>;

/** A template asked for a value the event did not provide; names the placeholder so it can be fixed. */
export class MissingPlaceholderError extends Error {
  constructor(
    readonly placeholder: string,
    readonly template: string,
  ) {
    super(`Notification template placeholder {{${placeholder}}} has no value in the event data (template: "${template}")`);
    this.name = 'MissingPlaceholderError';
  }
}

/**
 * Fills `{{placeholders}}` from `data`. A placeholder with no value (missing, null or blank)
 * throws rather than rendering an empty string: a notification with a hole is worse than none.
 * Keys in `data` the template does not use are ignored.
 */
export function renderTemplate(template: string, data: TemplateData): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(data, name) ? data[name] : undefined;
    if (value === undefined || value === null || String(value).trim() === '') throw new MissingPlaceholderError(name, template);
    return String(value);
  });
}

/** The distinct placeholder names a template uses, in order of first appearance. */
export function templatePlaceholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((match) => match[1]))];
}

/**
 * Fragments that look like placeholders but are not valid ones (`{{Lead-Name}}`, `{{x}`, `{{}}`),
 * so an admin's typo is rejected when the template is saved, not when an event fires.
 */
export function invalidPlaceholders(template: string): string[] {
  const rest = template.replace(PLACEHOLDER, '');
  return [...rest.matchAll(/\{\{[^{}]*(\}\})?|\}\}/g)].map((match) => match[0]);
}
