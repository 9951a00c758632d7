import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { FilterQuery, Types } from 'mongoose';
import { forbidden, notFound } from '@app/common';
import { AuthUser, Role } from '../role';
import { UsersService } from '../users/users.service';
import { AccessFields, AccessLoader, AccessLoadOptions } from './access-loader';
import { ACCESS_RULES, PermissionRules, ResourceOf } from './access-rules';
import { AccessRecords, AccessResource, AccessRule, Permission } from './permission';

/** The record `requireAccess` returns for a permission, as its owning domain declared it. */
export type AccessRecordOf<P extends Permission> = ResourceOf<P> extends keyof AccessRecords ? AccessRecords[ResourceOf<P>] : unknown;

type Viewer = Pick<AuthUser, 'id' | 'role' | 'department'>;

/** A filter no row matches: the scope of the `none` rule. */
const NO_ROWS: FilterQuery<unknown> = { _id: { $in: [] } };

/**
 * The one access policy: every row-level decision is `ACCESS_RULES[permission][role]` applied to
 * the row its owning domain's loader returns. Services open with `requireAccess`, lists start
 * from `scopeFilter` (or `accessibleIds` for rows scoped to another resource).
 */
@Injectable()
export class AccessPolicy {
  private readonly loaders = new Map<AccessResource, AccessLoader>();

  constructor(private readonly users: UsersService) {}

  /** Called by each owning domain once (its loader's `onModuleInit`). */
  register(loader: AccessLoader): void {
    if (this.loaders.has(loader.resource)) throw new Error(`A second access loader for ${loader.resource}`);
    this.loaders.set(loader.resource, loader);
  }

  /**
   * The row `id` if `user` may act on it under `permission`; otherwise what the permission's
   * routes answer: 404 (missing, or out of scope for `not_found` permissions) or 403.
   */
  async requireAccess<P extends Permission>(user: Viewer, permission: P, id: string | Types.ObjectId, options: AccessLoadOptions = {}): Promise<AccessRecordOf<P>> {
    const spec: PermissionRules = ACCESS_RULES[permission];
    const loader = this.loader(spec.resource);
    if (!Types.ObjectId.isValid(String(id))) throw notFound(loader.entity);
    const objectId = new Types.ObjectId(String(id));
    const rule = spec.rules[user.role];
    if (spec.denied === 'not_found') {
      if (rule === AccessRule.None) throw notFound(loader.entity);
      const row = await loader.findOne(objectId, await this.ruleFilter(rule, loader.fields, user), options);
      if (!row) throw notFound(loader.entity);
      return row as AccessRecordOf<P>;
    }
    const row = await loader.findOne(objectId, {}, options);
    if (!row) throw notFound(loader.entity);
    await this.requireRowAccess(user, permission, row);
    return row as AccessRecordOf<P>;
  }

  /**
   * The same decision on a row the service already loaded (through a parent's check first, so a
   * row out of the parent's reach stays a 404): 404 or 403 as the permission says.
   */
  async requireRowAccess(user: Viewer, permission: Permission, row: object): Promise<void> {
    const spec: PermissionRules = ACCESS_RULES[permission];
    const loader = this.loader(spec.resource);
    if (await this.ruleMatches(spec.rules[user.role], loader.fields, row as Record<string, unknown>, user)) return;
    throw spec.denied === 'not_found' ? notFound(loader.entity) : forbidden(spec.message ?? `You may not act on this ${loader.entity}`);
  }

  /** True when `user` may act on `row` (already loaded) under `permission`: for deciding about people other than the caller. */
  async allows(user: Viewer, permission: Permission, row: object): Promise<boolean> {
    const spec: PermissionRules = ACCESS_RULES[permission];
    return this.ruleMatches(spec.rules[user.role], this.loader(spec.resource).fields, row as Record<string, unknown>, user);
  }

  /** True when `permission` gives `user` every row (no per-row check needed). */
  seesAll(user: Viewer, permission: Permission): boolean {
    const rule = ACCESS_RULES[permission].rules[user.role];
    return rule === AccessRule.All || (rule === AccessRule.Department && !this.departmentBound(user));
  }

  /** The Mongo filter on the permission's resource collection keeping what `user` may reach: where every list starts. */
  async scopeFilter<T = unknown>(user: Viewer, permission: Permission): Promise<FilterQuery<T>> {
    const spec: PermissionRules = ACCESS_RULES[permission];
    return (await this.ruleFilter(spec.rules[user.role], this.loader(spec.resource).fields, user)) as FilterQuery<T>;
  }

  /** Ids of the resource rows `user` may reach ('all' when every one), for lists of rows scoped to them (a project's tasks). */
  async accessibleIds(user: Viewer, permission: Permission, options: AccessLoadOptions = {}): Promise<Types.ObjectId[] | 'all'> {
    const spec: PermissionRules = ACCESS_RULES[permission];
    const rule = spec.rules[user.role];
    if (this.seesAll(user, permission)) return 'all';
    if (rule === AccessRule.None) return [];
    return this.loader(spec.resource).findIds(await this.ruleFilter(rule, this.loader(spec.resource).fields, user), options);
  }

  /**
   * Whether `user` may act on row `id` under `permission`, for callers that answer with their
   * own 404 (a billing record decided on its customer); no read at all when the rule gives every row.
   */
  async hasAccess(user: Viewer, permission: Permission, id: string | Types.ObjectId, options: AccessLoadOptions = {}): Promise<boolean> {
    if (this.seesAll(user, permission)) return true;
    return this.requireAccess(user, permission, id, options).then(
      () => true,
      (error: unknown) => {
        if (error instanceof HttpException && [HttpStatus.NOT_FOUND, HttpStatus.FORBIDDEN].includes(error.getStatus())) return false;
        throw error;
      },
    );
  }

  private loader(resource: AccessResource): AccessLoader {
    const loader = this.loaders.get(resource);
    if (!loader) throw new Error(`No access loader registered for ${resource}: the owning domain's module is not imported`);
    return loader;
  }

  /** A manager's department people, or null when the department rule gives every row. */
  private async departmentPeople(user: Viewer): Promise<Types.ObjectId[] | null> {
    return this.departmentBound(user) ? this.users.idsInDepartment(user.department!) : null;
  }

  private departmentBound(user: Viewer): boolean {
    return user.role === Role.Manager && !!user.department;
  }

  private async ruleFilter(rule: AccessRule, fields: AccessFields, user: Viewer): Promise<FilterQuery<unknown>> {
    const me = () => new Types.ObjectId(user.id);
    switch (rule) {
      case AccessRule.All:
        return {};
      case AccessRule.None:
        return NO_ROWS;
      case AccessRule.Own:
        return { [fields.owner]: me() };
      case AccessRule.OwnOrUnassigned:
        return { $or: [{ [fields.owner]: me() }, { [fields.owner]: null }] };
      case AccessRule.Department: {
        const people = await this.departmentPeople(user);
        return people ? { $or: [{ [fields.owner]: { $in: people } }, { [fields.owner]: null }] } : {};
      }
      case AccessRule.Member:
        return { $or: [{ [fields.owner]: me() }, ...(fields.members ?? []).map((field) => ({ [field]: me() }))] };
      case AccessRule.AllowedRoles:
        if (!fields.allowedRoles) throw new Error('The allowed_roles rule needs a resource with an allowedRoles field');
        return { $or: [{ [fields.allowedRoles]: user.role }, { [fields.owner]: me() }] };
    }
  }

  private async ruleMatches(rule: AccessRule, fields: AccessFields, row: Record<string, unknown>, user: Viewer): Promise<boolean> {
    const owner = row[fields.owner];
    const ownedByMe = owner != null && String(owner) === user.id;
    switch (rule) {
      case AccessRule.All:
        return true;
      case AccessRule.None:
        return false;
      case AccessRule.Own:
        return ownedByMe;
      case AccessRule.OwnOrUnassigned:
        return ownedByMe || owner == null;
      case AccessRule.Department: {
        const people = await this.departmentPeople(user);
        return !people || owner == null || people.some((person) => String(person) === String(owner));
      }
      case AccessRule.Member:
        // A member field holds one user (a file's project manager) or several (a project's team).
        return ownedByMe || (fields.members ?? []).some((field) => ([] as unknown[]).concat(row[field] ?? []).some((member) => String(member) === user.id));
      case AccessRule.AllowedRoles: {
        if (!fields.allowedRoles) throw new Error('The allowed_roles rule needs a resource with an allowedRoles field');
        return ownedByMe || ((row[fields.allowedRoles] as string[] | undefined) ?? []).includes(user.role);
      }
    }
  }
}
