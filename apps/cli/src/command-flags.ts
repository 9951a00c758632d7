/**
 * Each command's declared flags (exactly the `@Option` flags of its class; a spec checks the two
 * agree), read by main.ts before anything else is loaded: booting the product's modules and
 * connecting to the database takes seconds, and a typo should not wait for them.
 * This file imports nothing on purpose.
 */
export const COMMAND_FLAGS: Record<string, string[]> = {
  'db:setup': ['--drop', '-y, --yes', '--no-seed', '--seed <n>', '--size <size>'],
  'db:deploy': [],
  'db:seed': ['--size <size>', '--seed <n>', '--allow-production'],
  'db:indexes': [],
  'db:validate': [],
  'db:stats': ['--json'],
  'db:migrate': [],
  'db:migrate:down': [],
  'db:migrate:status': [],
  'db:cleanup': ['--job <name>'],
  'db:index-analysis': ['--strict'],
  'db:backup': ['-o, --out <file>'],
  'db:restore': ['-i, --in <file>', '-y, --yes'],
  'crypto:rotate-keys': ['--limit <n>'],
};

interface FlagSpec {
  names: string[];
  takesValue: boolean;
}

function parseFlags(declared: string[]): FlagSpec[] {
  return declared.map((flags) => ({ names: flags.split(/[ ,|]+/).filter((part) => part.startsWith('-')), takesValue: /<[^>]+>|\[[^\]]+\]/.test(flags) }));
}

/**
 * The first problem with the flags given to a known command, as one line, or null. Help flags
 * are always allowed; what commander would accept (`--x=v`, `--x v`, `-y`) passes.
 */
export function checkFlags(command: string, args: string[]): string | null {
  const declared = COMMAND_FLAGS[command];
  if (!declared) return null;
  const specs = parseFlags(declared);
  const usage = `npm run ${command} -- --help`;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--') break;
    if (!arg.startsWith('-') || arg === '-') continue;
    const [name, inlineValue] = arg.split(/=(.*)/s, 2);
    if (name === '--help' || name === '-h') continue;
    const spec = specs.find((candidate) => candidate.names.includes(name));
    if (!spec) {
      const known = specs.flatMap((candidate) => candidate.names.filter((n) => n.startsWith('--')));
      const near = closest(name, known);
      const hint = near ? ` (did you mean ${near}?)` : '';
      const list = known.length > 0 ? `; ${command} takes ${known.join(', ')}` : `; ${command} takes no options`;
      return `unknown option '${name}' for ${command}${hint}${list} — see ${usage}`;
    }
    if (!spec.takesValue) continue;
    if (inlineValue !== undefined) continue;
    const next = args[i + 1];
    if (next === undefined || (next.startsWith('-') && next !== '-')) return `option '${name}' needs a value — see ${usage}`;
    i += 1;
  }
  return null;
}

/** The known flag within edit distance 2, if any. */
function closest(name: string, known: string[]): string | undefined {
  let best: { flag: string; distance: number } | undefined;
  for (const flag of known) {
    const distance = editDistance(name, flag);
    if (distance <= 2 && (!best || distance < best.distance)) best = { flag, distance };
  }
  return best?.flag;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}
