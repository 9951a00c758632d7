import { COMMANDS } from './cli.module';
import { checkFlags, COMMAND_FLAGS } from './command-flags';

/** What nest-commander will register for a command class: the flags of its @Option methods. */
function declaredFlags(command: (typeof COMMANDS)[number]): { name: string; flags: string[] } {
  const { name } = Reflect.getMetadata('CommandBuilder:Command:Meta', command) as { name: string };
  const flags: string[] = [];
  for (let proto = command.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      const meta = Reflect.getMetadata('CommandBuilder:Option:Meta', (proto as unknown as Record<string, object>)[key]) as { flags: string } | undefined;
      if (meta) flags.push(meta.flags);
    }
  }
  return { name, flags };
}

describe('flags checked before boot', () => {
  it('the table lists exactly the options every command declares', () => {
    const declared = Object.fromEntries(COMMANDS.map(declaredFlags).map(({ name, flags }) => [name, [...flags].sort()]));
    const table = Object.fromEntries(Object.entries(COMMAND_FLAGS).map(([name, flags]) => [name, [...flags].sort()]));
    expect(table).toEqual(declared);
  });

  it('a mistyped flag is named with the nearest declared one', () => {
    expect(checkFlags('db:seed', ['--sizee', 'large'])).toBe(
      "unknown option '--sizee' for db:seed (did you mean --size?); db:seed takes --size, --seed, --allow-production — see npm run db:seed -- --help",
    );
    expect(checkFlags('db:indexes', ['--json'])).toMatch(/^unknown option '--json' for db:indexes; db:indexes takes no options/);
  });

  it('accepts what commander accepts: values inline or next, short names, help', () => {
    expect(checkFlags('db:seed', ['--size', 'large', '--seed=42', '--help'])).toBeNull();
    expect(checkFlags('db:restore', ['-i', 'backup.ndjson.gz', '-y'])).toBeNull();
    expect(checkFlags('db:setup', ['--no-seed', '--drop', '--yes'])).toBeNull();
    expect(checkFlags('db:stats', ['--json'])).toBeNull();
  });

  it('a flag missing its value fails; unknown commands are left to commander', () => {
    expect(checkFlags('db:seed', ['--size'])).toMatch(/^option '--size' needs a value/);
    expect(checkFlags('db:seed', ['--size', '--seed', '1'])).toMatch(/^option '--size' needs a value/);
    expect(checkFlags('db:nope', ['--anything'])).toBeNull();
  });
});
