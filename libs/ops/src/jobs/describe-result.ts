/** One line for a domain operation's return value (a count, or a small summary object). */
export function describeResult(result: unknown): string {
  if (result === undefined || result === null) return 'done';
  if (typeof result === 'number') return `${result} affected`;
  if (typeof result === 'object') {
    const entries = Object.entries(result as Record<string, unknown>).filter(([, v]) => ['number', 'string', 'boolean'].includes(typeof v));
    if (entries.length > 0) return entries.map(([k, v]) => `${k}=${v}`).join(' ');
  }
  return JSON.stringify(result).slice(0, 200);
}
