import type { FilterQuery, Types } from 'mongoose';
import { AccessResource } from './permission';

/** Where a resource keeps the facts its rules are decided on. */
export interface AccessFields {
  /** The owning user (a lead's agent, a customer's owner, a project's manager, a file's uploader). */
  owner: string;
  /** Further users the row belongs to (a project's team). */
  members?: readonly string[];
  /** The roles that may see the row (a file's `allowed_roles`). */
  allowedRoles?: string;
}

export interface AccessLoadOptions {
  /** Reach soft-deleted rows too (their audit history stays readable). */
  withDeleted?: boolean;
}

/**
 * How the policy reaches a resource's rows: implemented and registered (`AccessPolicy.register`)
 * by the domain that owns the collection, so the policy never touches another domain's models.
 */
export interface AccessLoader<R = unknown> {
  readonly resource: AccessResource;
  /** The name in the 404 (`Lead not found`). */
  readonly entity: string;
  readonly fields: AccessFields;
  /** The row with this id that also matches `scope` (the user's rule as a filter), or null. */
  findOne(id: Types.ObjectId, scope: FilterQuery<unknown>, options: AccessLoadOptions): Promise<R | null>;
  /** The ids of every row matching `scope`, for lists of rows scoped to this resource. */
  findIds(scope: FilterQuery<unknown>, options: AccessLoadOptions): Promise<Types.ObjectId[]>;
}
