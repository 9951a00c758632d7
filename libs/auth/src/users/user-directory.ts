import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { escapeRegExp } from '@app/common';
import { Role } from '../role';
import { User } from './user.schema';

/** What other domains may know of a staff member: who, never credentials or sessions. */
export type UserSummary = Pick<User, '_id' | 'first_name' | 'last_name' | 'email' | 'role' | 'department' | 'is_active'>;

const SUMMARY_PROJECTION = { first_name: 1, last_name: 1, email: 1, role: 1, department: 1, is_active: 1 } as const;

type UserId = Types.ObjectId | string;

const toObjectIds = (ids: readonly (UserId | null | undefined)[]): Types.ObjectId[] => {
  const unique = new Set(ids.filter((id): id is UserId => Boolean(id) && Types.ObjectId.isValid(String(id))).map((id) => String(id).toLowerCase()));
  return [...unique].map((id) => new Types.ObjectId(id));
};

/**
 * The read API of `users` for the other domains (projects, crm, tasks, files, messaging): typed,
 * projected summaries, each call one query. The User model itself never leaves @app/auth.
 */
@Injectable()
export class UserDirectory {
  constructor(@InjectModel(User.name) private readonly users: Model<User>) {}

  /** Active users among `ids` (unknown, inactive and deleted ones are left out). */
  findActive(ids: readonly (UserId | null | undefined)[]): Promise<UserSummary[]> {
    const objectIds = toObjectIds(ids);
    if (!objectIds.length) return Promise.resolve([]);
    return this.users.find({ _id: { $in: objectIds }, is_active: true }, SUMMARY_PROJECTION).lean<UserSummary[]>().exec();
  }

  /** Active users whose email is one of `emails` or starts with `<local part>@` (for @mentions). */
  findActiveByEmail(emails: readonly string[], localParts: readonly string[]): Promise<UserSummary[]> {
    const clauses: { email: string | { $in: readonly string[] } | { $regex: string } }[] = [];
    if (emails.length) clauses.push({ email: { $in: emails } });
    for (const local of localParts) clauses.push({ email: { $regex: `^${escapeRegExp(local)}@` } });
    if (!clauses.length) return Promise.resolve([]);
    return this.users.find({ is_active: true, $or: clauses }, SUMMARY_PROJECTION).lean<UserSummary[]>().exec();
  }

  /** "First Last" by id, in one query; deleted and inactive users keep their names (reports, histories). */
  async namesOf(ids: readonly (UserId | null | undefined)[]): Promise<Map<string, string>> {
    const objectIds = toObjectIds(ids);
    if (!objectIds.length) return new Map();
    const users = await this.users
      .find({ _id: { $in: objectIds } }, { first_name: 1, last_name: 1 })
      .setOptions({ withDeleted: true })
      .lean<Pick<User, '_id' | 'first_name' | 'last_name'>[]>()
      .exec();
    return new Map(users.map((user) => [user._id.toHexString(), `${user.first_name} ${user.last_name}`]));
  }

  /** One name, or `fallback` when the id names nobody. */
  async nameOf(id: UserId, fallback = 'A colleague'): Promise<string> {
    return (await this.namesOf([id])).get(String(id).toLowerCase()) ?? fallback;
  }

  /** True when `summary` is active and holds one of `roles`. */
  static hasRole(summary: UserSummary | undefined, roles: readonly Role[]): summary is UserSummary {
    return Boolean(summary?.is_active && roles.includes(summary.role));
  }
}
