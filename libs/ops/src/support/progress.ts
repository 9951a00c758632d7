/**
 * How long-running operations report progress. The library stays free of terminal concerns:
 * the CLI passes a cli-progress bar, tests and jobs pass nothing.
 */
export interface ProgressReporter {
  start(label: string, total: number): void;
  increment(by?: number): void;
  stop(): void;
}

export const NO_PROGRESS: ProgressReporter = { start: () => undefined, increment: () => undefined, stop: () => undefined };
