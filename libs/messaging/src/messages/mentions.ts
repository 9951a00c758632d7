/** Most distinct mentions one message may carry; more are ignored (a message is not a mailing list). */
export const MAX_MENTIONS = 50;

/**
 * `@` + an email local part (`@ana.lopez`) or a full email (`@ana.lopez@logic.camp`), case-
 * insensitive. The `@` must not follow a letter, digit or email punctuation, so addresses written
 * in the text (`write to ana@logic.camp`) are not mentions. A trailing dot is sentence punctuation.
 */
const MENTION = /(?<![A-Za-z0-9._%+\-@])@([A-Za-z0-9][A-Za-z0-9._%+-]*(?:@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+)?)/g;

export interface ParsedMentions {
  /** Full addresses, lower-cased: match exactly one user. */
  emails: string[];
  /** Local parts, lower-cased: match a user only when exactly one active user has it. */
  localParts: string[];
}

export function parseMentions(content: string): ParsedMentions {
  const emails = new Set<string>();
  const localParts = new Set<string>();
  for (const match of content.matchAll(MENTION)) {
    if (emails.size + localParts.size >= MAX_MENTIONS) break;
    const token = match[1].toLowerCase();
    if (token.includes('@')) emails.add(token);
    else {
      const local = token.replace(/\.+$/, '');
      if (local) localParts.add(local);
    }
  }
  return { emails: [...emails], localParts: [...localParts] };
}

/** Which users a parsed mention set names, given candidate users (active, allowed) by email. */
export function matchMentions(parsed: ParsedMentions, candidates: { id: string; email: string }[]): string[] {
  const ids = new Set<string>();
  for (const email of parsed.emails) {
    const user = candidates.find((candidate) => candidate.email === email);
    if (user) ids.add(user.id);
  }
  for (const local of parsed.localParts) {
    const users = candidates.filter((candidate) => candidate.email.split('@')[0] === local);
    // Two people with the same local part on different domains: only the full address is unambiguous.
    if (users.length === 1) ids.add(users[0].id);
  }
  return [...ids];
}

/** One line of the message for notifications: whitespace collapsed, at most `max` characters. */
export function excerpt(content: string, max = 140): string {
  const line = content.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}
