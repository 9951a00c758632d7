import type { Faker } from '@faker-js/faker';
import { Types } from 'mongoose';
import { sha256Hex, type FieldEncryptionService } from '@app/crypto';
import { SEED_PLAN, SeedSize, seededIdHex } from './seed-plan';

type Id = Types.ObjectId;

export interface UserRef { _id: Id; role: string; first_name: string; last_name: string; email: string; is_active: boolean }
export interface LeadRef { _id: Id; agent_id: Id; status: string; source: string; first_name: string; last_name: string; email: string; phone: string; company_name: string; converted_at?: Date }
export interface CustomerRef { _id: Id; name: string; owner_id: Id | null; created_at: Date }
export interface ProjectRef { _id: Id; customer_id: Id; user_id: Id; team_member_ids: Id[]; currency: string; name: string; start_date: Date }
export interface GoalRef { _id: Id; project_id: Id }
export interface ProjectEntityRef { _id: Id; project_id: Id | null; owner_id: Id }

/** What generators need from each other: ids plus the attributes that consistency rules read. */
export class SeedRefs {
  users: UserRef[] = [];
  leads: LeadRef[] = [];
  /** Won leads converted into the customer at the same position. */
  convertedLeads: LeadRef[] = [];
  customers: CustomerRef[] = [];
  projects: ProjectRef[] = [];
  goals: GoalRef[] = [];
  tasks: ProjectEntityRef[] = [];
  files: ProjectEntityRef[] = [];
  messages: ProjectEntityRef[] = [];
  upsells: ProjectEntityRef[] = [];
  /** Templates as seeded by the notifications lib, so sample notifications read like real ones. */
  notificationTypes: { key: string; title_template: string; body_template: string }[] = [];

  usersWithRole(...roles: string[]): UserRef[] {
    return this.users.filter((user) => roles.includes(user.role));
  }
}

const US_AREA_CODES = ['212', '213', '305', '312', '404', '415', '512', '617', '646', '702', '206', '303'];

export class SeedContext {
  /** Set per generator: each collection has its own deterministic stream. */
  faker: Faker;
  readonly refs = new SeedRefs();
  private readonly usersByRole = new Map<string, UserRef[]>();
  private readonly memos = new Map<string, unknown>();
  /** The bytes of each built document that has a blob (files, attachments), written to storage before the document. */
  readonly contents = new WeakMap<object, Buffer>();

  constructor(
    readonly seed: number,
    readonly size: SeedSize,
    /** Midnight UTC today: dates are relative to it, so a seed gives the same data all day. */
    readonly refDate: Date,
    /** One argon2 hash shared by every seeded user (hashing thousands would take minutes). */
    readonly passwordHash: string,
    readonly encryption: FieldEncryptionService,
  ) {}

  count(collection: string): number {
    return SEED_PLAN[collection]?.[this.size] ?? 0;
  }

  id(collection: string, index: number): Id {
    return new Types.ObjectId(seededIdHex(this.seed, collection, index));
  }

  /** Computed once per run (lookups generators would otherwise rebuild per document). */
  memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }

  /**
   * A document whose bytes go to storage: its `sha256` and `size` describe them; `storage_key` is
   * a placeholder the seeder replaces with the key storage gives the blob.
   */
  withContent<T extends { _id: Id }>(content: Buffer, doc: T): T & { sha256: string; size: number; storage_key: string } {
    const placeholder = sha256Hex(`seed-storage:${doc._id.toHexString()}`);
    const withBlob = { ...doc, sha256: sha256Hex(content), size: content.length, storage_key: `${placeholder.slice(0, 2)}/${placeholder}` };
    this.contents.set(withBlob, content);
    return withBlob;
  }

  pick<T>(items: readonly T[]): T {
    return this.faker.helpers.arrayElement(items);
  }

  /** Weighted choice: `{ active: 6, churned: 1 }`. */
  weighted<T extends string>(weights: Record<T, number>): T {
    return this.faker.helpers.weightedArrayElement(Object.entries(weights).map(([value, weight]) => ({ value: value as T, weight: weight as number })));
  }

  chance(probability: number): boolean {
    return this.faker.number.float({ min: 0, max: 1 }) < probability;
  }

  user(...roles: string[]): UserRef {
    const key = roles.join(',');
    // Work goes to active staff; fall back to anyone with the role if none is active.
    if (!this.usersByRole.has(key)) {
      const withRole = this.refs.usersWithRole(...roles);
      const active = withRole.filter((user) => user.is_active);
      this.usersByRole.set(key, active.length > 0 ? active : withRole);
    }
    return this.pick(this.usersByRole.get(key)!);
  }

  /** A valid E.164 number (libphonenumber accepts these US ranges). */
  phone(): string {
    const exchange = this.faker.number.int({ min: 201, max: 989 });
    return `+1${this.pick(US_AREA_CODES)}${exchange === 211 || exchange % 100 === 11 ? 212 : exchange}${this.faker.string.numeric(4)}`;
  }

  daysAgo(maxDays: number, minDays = 0): Date {
    return new Date(this.refDate.getTime() - this.faker.number.int({ min: minDays * 86400, max: maxDays * 86400 }) * 1000);
  }

  daysAhead(minDays: number, maxDays: number): Date {
    return new Date(this.refDate.getTime() + this.faker.number.int({ min: minDays * 86400, max: maxDays * 86400 }) * 1000);
  }

  between(from: Date, to: Date): Date {
    return from >= to ? new Date(from) : this.faker.date.between({ from, to });
  }

  money(min: number, max: number): number {
    return Math.round(this.faker.number.float({ min, max }) * 100) / 100;
  }
}
