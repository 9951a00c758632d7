import type { SeedContext } from './seed-context';

/**
 * One collection's sample data. `build` returns the i-th document (through the model, so the
 * schema validates it) and records in `ctx.refs` what later generators reference.
 */
export interface SeedGenerator {
  collection: string;
  /** Generators are skipped (with a warning) when one of these collections got no documents. */
  requires: string[];
  build(ctx: SeedContext, index: number): Record<string, unknown>;
}
