import { Presets, SingleBar } from 'cli-progress';
import Table from 'cli-table3';
import { createInterface } from 'readline';
import type { ProgressReporter } from '@app/ops';
import { cliLogger } from './cli-logger';

/** Results go to stdout (pipe-able: `db:stats --json | jq`); logs, progress and prompts to stderr. */
export function print(text = ''): void {
  process.stdout.write(`${text}\n`);
}

/** Something the operator should know, not a result: a log line on stderr. */
export function note(text: string): void {
  cliLogger().log(text, 'cli');
}

export function table(head: string[], rows: (string | number | null | undefined)[][]): string {
  const rendered = new Table({ head, style: { head: [], border: [] }, chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' } });
  for (const row of rows) rendered.push(row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))));
  return rendered.toString();
}

/** A cli-progress bar on stderr; silent when stderr is not a terminal (CI logs, tests). */
export class BarProgress implements ProgressReporter {
  private bar?: SingleBar;

  start(label: string, total: number): void {
    this.stop();
    if (!process.stderr.isTTY) return;
    this.bar = new SingleBar(
      { format: `${label.padEnd(8)} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}`, stream: process.stderr, hideCursor: true, etaBuffer: 50 },
      Presets.shades_classic,
    );
    this.bar.start(total, 0);
  }

  increment(by = 1): void {
    this.bar?.increment(by);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}

/**
 * Asks before destroying data. Skipped with --yes, and when stdin is not a terminal (scripts,
 * CI) since nobody could answer; the caller decides whether that is allowed.
 */
export async function confirm(question: string, expected: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await new Promise<string>((resolve) => rl.question(`${question} `, resolve));
    return answer.trim() === expected;
  } finally {
    rl.close();
  }
}

export function needsConfirmation(yes: boolean | undefined): boolean {
  return !yes && Boolean(process.stdin.isTTY);
}

/** A command's failure: main prints `error: <message>` and exits 1. */
export class CliFailure extends Error {}
