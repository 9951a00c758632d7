import 'reflect-metadata';
import { randomUUID } from 'crypto';
import type { LogLevel } from '@nestjs/common';
import mongoose from 'mongoose';
import { CommandFactory } from 'nest-commander';
import { requestContext } from '@app/common';
import { embeddedEngineSharing } from '@app/database';
import { OpsError } from '@app/ops';
import { logProcessWarnings } from '@app/common';
import { cliLogger } from './cli-logger';
import { CliModule, COMMANDS } from './cli.module';
import { CliFailure } from './terminal';

const COMMAND_NAMES = COMMANDS.map((command) => (Reflect.getMetadata('CommandBuilder:Command:Meta', command) as { name: string } | undefined)?.name);

/** Help, an unknown command or none: answered from the command list alone, without a database. */
function wantsHelpOnly(argv: string[]): boolean {
  const [command, ...rest] = argv;
  return !command || !COMMAND_NAMES.includes(command) || rest.includes('--help') || rest.includes('-h');
}

/** One line naming the reason; the stack only with LOG_LEVEL=debug. */
function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/file is locked/i.test(message)) {
    return 'the embedded database file (EMBEDDED_DATA_DIR, ./data by default) is in use by another process that published no engine address (EMBEDDED_DATA_DIR/engine.json) — stop it, or set MONGODB_URI to a running MongoDB';
  }
  if (error instanceof OpsError || error instanceof CliFailure) return message;
  return message.split('\n')[0];
}

/** Every write the command makes — its boot included — is audited as `cli:<command>` under one request id. */
function main(): Promise<number> {
  const command = process.argv[2] ?? 'help';
  return requestContext.run({ requestId: `cli:${randomUUID()}`, actor: `cli:${command}` }, runCommand);
}

async function runCommand(): Promise<number> {
  logProcessWarnings((record, message) => cliLogger().pino.warn({ ...record, context: 'process' }, message));
  // The CLI runs jobs on demand (db:cleanup); it never puts them on a timer.
  process.env.SCHEDULER_ENABLED = 'false';
  process.env.EVENTS_WORKER_ENABLED = 'false';
  // A command joins the dev API's engine when one runs; one it starts itself ends with it, so no one else may join it.
  embeddedEngineSharing.publish = false;
  // Index builds are the CLI's own job (db:setup, db:indexes report what they create): models
  // must not build them behind its back on boot, as the API does outside production.
  mongoose.plugin((schema) => {
    if (schema.get('autoIndex') == null) schema.set('autoIndex', false);
  });
  const argv = process.argv.slice(2);
  const helpOnly = wantsHelpOnly(argv);
  const app = await CommandFactory.createWithoutRunning(helpOnly ? CliModule.forHelp() : CliModule.forRoot(), {
    logger: helpOnly ? false : cliLogger(),
    abortOnError: false,
    serviceErrorHandler: (error: Error) => {
      throw error;
    },
  });
  try {
    // Every write the command makes is audited as `cli:<command>` under one request id.
    await CommandFactory.runApplication(app);
  } finally {
    await app.close();
  }
  return 0;
}

/**
 * Boots the command's modules and runs it (main.ts has checked its flags). A command is over
 * when it returns: exit with its code rather than wait for every handle (the engine's pipe,
 * driver timers) to drain, so scripts and CI get the exit status at once.
 */
export function runCli(): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      // One line naming the reason (a JSON record like every other); the stack only with LOG_LEVEL=debug.
      const stack = process.env.LOG_LEVEL === 'debug' && error instanceof Error ? { stack: error.stack } : {};
      cliLogger().pino.error({ context: 'cli', ...stack }, reason(error));
      process.exit(1);
    },
  );
}
