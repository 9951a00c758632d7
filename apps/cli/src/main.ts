import { checkFlags } from './command-flags';

// Flags are checked before the product's modules are even loaded: a typo fails at once, not
// after the seconds it takes to boot every domain and connect to the database.
const [command, ...args] = process.argv.slice(2);
const problem = command ? checkFlags(command, args) : null;
if (problem) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('./cli-logger') as typeof import('./cli-logger')).cliLogger().error(problem, 'cli');
  process.exit(1);
} else {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('./run-cli') as typeof import('./run-cli')).runCli();
}
