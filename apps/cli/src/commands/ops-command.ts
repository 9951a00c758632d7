import { Injectable, Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { CommandRunner } from 'nest-commander';

/**
 * Base of every command. Services are resolved when the command runs, not injected, so
 * `--help` can list and describe commands without starting a database (main.ts boots a
 * command-only module for help).
 */
@Injectable()
export abstract class OpsCommand extends CommandRunner {
  constructor(private readonly moduleRef: ModuleRef) {
    super();
  }

  protected service<T>(type: Type<T>): T {
    return this.moduleRef.get(type, { strict: false });
  }
}

/** Commander (nest-commander's copy) reports errors with this code as "option '--x <v>' argument 'v' is invalid. <message>". */
class InvalidArgumentError extends Error {
  readonly code = 'commander.invalidArgument';
  readonly exitCode = 1;
}

export function parseNonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 0xffffffff) throw new InvalidArgumentError('must be a whole number from 0 to 4294967295');
  return Number(value);
}

/** Commander drops `choices` checking when a parser is set (nest-commander always sets one), so parsers check. */
export function oneOf<T extends string>(value: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw new InvalidArgumentError(`must be one of ${allowed.join(', ')}`);
  return value as T;
}
