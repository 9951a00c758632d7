export type SeedSize = 'small' | 'medium' | 'large';
export const SEED_SIZES: SeedSize[] = ['small', 'medium', 'large'];

/**
 * Documents per collection for each size (~500, ~10k, ~100k in total). Staff counts grow
 * slower than the data they handle, as in a real agency.
 */
export const SEED_PLAN: Record<string, Record<SeedSize, number>> = {
  users: { small: 20, medium: 150, large: 500 },
  leads: { small: 60, medium: 1200, large: 12000 },
  customers: { small: 40, medium: 800, large: 8000 },
  business_directories: { small: 50, medium: 1000, large: 10000 },
  projects: { small: 12, medium: 250, large: 2500 },
  goals: { small: 24, medium: 500, large: 5000 },
  tasks: { small: 80, medium: 1600, large: 16000 },
  project_services: { small: 20, medium: 400, large: 4000 },
  files: { small: 24, medium: 500, large: 5000 },
  customer_charge_details: { small: 20, medium: 400, large: 4000 },
  upsells: { small: 15, medium: 300, large: 3000 },
  messages: { small: 60, medium: 1200, large: 12000 },
  message_attachments: { small: 15, medium: 300, large: 3000 },
  notifications: { small: 40, medium: 800, large: 8000 },
  activity_logs: { small: 30, medium: 600, large: 7000 },
};

/** Stable per-collection byte in seeded ObjectIds. */
const COLLECTION_CODES: Record<string, number> = Object.fromEntries(Object.keys(SEED_PLAN).map((name, i) => [name, i + 1]));

/** 2024-01-01T00:00:00Z: the timestamp part of every seeded ObjectId. */
const SEED_EPOCH_SECONDS = 1_704_067_200;

/**
 * The i-th seeded id of a collection: epoch(4 bytes) | seed(4) | collection(1) | i(3). The same
 * seed always yields the same ids, which makes re-seeding idempotent (duplicates are skipped)
 * and lets a generator reference a document another generator creates later.
 */
export function seededIdHex(seed: number, collection: string, index: number): string {
  const code = COLLECTION_CODES[collection];
  if (!code) throw new Error(`no seed id space for collection ${collection}`);
  if (index < 0 || index >= 0x1000000) throw new Error(`seed index ${index} out of range`);
  const hex = (value: number, bytes: number) => (value >>> 0).toString(16).padStart(bytes * 2, '0').slice(-bytes * 2);
  return hex(SEED_EPOCH_SECONDS, 4) + hex(seed, 4) + hex(code, 1) + hex(index, 3);
}

/** FNV-1a: a per-collection faker seed derived from the run's seed. */
export function deriveSeed(seed: number, collection: string): number {
  let hash = 0x811c9dc5 ^ seed;
  for (const char of collection) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
