import type { Migration, MigrationContext } from '../migrate/migration';

const BACKUP = 'migration_0001_user_emails';
// A bare regex value, not `{ $regex: /…/ }`: the embedded engine mis-parses a BSON regex inside $regex.
const NOT_NORMALISED = /[A-Z]|^\s|\s$/;
const NEEDS_WORK = {
  $or: [{ email: NOT_NORMALISED }, { token_version: { $exists: false } }, { failed_login_attempts: { $exists: false } }],
};

interface UserRow {
  _id: unknown;
  email: string;
  token_version?: number;
  failed_login_attempts?: number;
}

/**
 * Users imported or written before the schema lower-cased emails: lower-case and trim every
 * email (login looks emails up lower-cased, so these users cannot sign in), and backfill the
 * counters the auth code increments. The original values go to a side collection so `down`
 * can put them back exactly.
 */
const migration: Migration = {
  version: 1,
  name: 'normalise-user-emails',

  async up({ db, logger }: MigrationContext) {
    const users = db.collection<UserRow>('users');
    const backup = db.collection(BACKUP);
    const rows = await users.find(NEEDS_WORK, { projection: { email: 1, token_version: 1, failed_login_attempts: 1 } }).toArray();

    // Refuse before writing anything if two accounts would end up with the same email.
    const normalised = new Map(rows.map((row) => [String(row._id), row.email.trim().toLowerCase()]));
    const targets = [...new Set(normalised.values())];
    const holders = await users.find({ email: { $in: targets } }, { projection: { email: 1 } }).toArray();
    const owners = new Map(holders.filter((h) => !normalised.has(String(h._id))).map((h) => [h.email, String(h._id)]));
    for (const [id, email] of normalised) {
      const other = owners.get(email);
      if (other && other !== id) throw new Error(`users ${id} and ${other} would both have the email ${email}: merge or rename one, then re-run`);
      owners.set(email, id);
    }

    for (const row of rows) {
      const missing = (['token_version', 'failed_login_attempts'] as const).filter((field) => row[field] === undefined);
      await backup.updateOne({ _id: row._id as never }, { $setOnInsert: { email: row.email, missing } }, { upsert: true });
      const set: Record<string, unknown> = { email: normalised.get(String(row._id)) };
      for (const field of missing) set[field] = 0;
      await users.updateOne({ _id: row._id as never }, { $set: set });
    }
    logger.log(`normalised ${rows.length} user(s)`);
  },

  async down({ db, logger }: MigrationContext) {
    const users = db.collection('users');
    const backup = db.collection<{ _id: unknown; email: string; missing: string[] }>(BACKUP);
    let restored = 0;
    for await (const row of backup.find({})) {
      const unset = Object.fromEntries(row.missing.map((field) => [field, '']));
      await users.updateOne({ _id: row._id as never }, { $set: { email: row.email }, ...(row.missing.length ? { $unset: unset } : {}) });
      restored += 1;
    }
    await backup.drop().catch(() => undefined);
    logger.log(`restored ${restored} user(s) to their previous email and counters`);
  },

  async verify({ db }: MigrationContext) {
    const users = db.collection('users');
    const problems: string[] = [];
    const badEmail = await users.find({ email: NOT_NORMALISED }, { projection: { _id: 1 } }).limit(5).toArray();
    if (badEmail.length) problems.push(`emails not normalised on users ${badEmail.map((u) => String(u._id)).join(', ')}`);
    for (const field of ['token_version', 'failed_login_attempts']) {
      const missing = await users.countDocuments({ [field]: { $exists: false } });
      if (missing) problems.push(`${missing} user(s) without ${field}`);
    }
    return problems;
  },
};

export default migration;
