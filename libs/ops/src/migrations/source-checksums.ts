/**
 * SHA-256 of each migration's source file, by label. The recorded checksum is built from these,
 * so it stays the same whatever compiles the migration (tsc, ts-node, another target). Editing a
 * migration file after release fails the migrations unit test until its line here is updated on
 * purpose; databases that applied the old file then report it as changed in db:migrate:status.
 */
export const MIGRATION_SOURCE_SHA256: Record<string, string> = {
  '0001-normalise-user-emails': 'e00acd69b01d8ef4f098a20c2ecfe8c2301b39cf669ae8cf5ece055791e8210a',
};
