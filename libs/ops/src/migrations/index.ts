import type { Migration } from '../migrate/migration';
import normaliseUserEmails from './0001-normalise-user-emails';

/** Every migration, in version order. A new file `NNNN-name.ts` is added here (a unit test checks none is forgotten). */
export const MIGRATIONS: Migration[] = [normaliseUserEmails];
