import { HttpException, HttpStatus, Injectable, SetMetadata } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import type { AuthUser } from '@app/auth';

export const AUDIT_ENTITY_SCOPE = 'audit:entity-scope';

/**
 * An entity type's visibility, provided by the domain that owns the type (a lower lib declares
 * the interface, the higher one implements it), so its audit trail is read under the entity's own
 * rule: who gets 404 for a lead gets no audit record of it either.
 */
export interface AuditEntityScope {
  /** True when `user` sees every entity of the type (no per-entity check needed). */
  seesAll(user: AuthUser): Promise<boolean>;
  /** Throws what the entity's own route answers (404) unless `user` may see the entity; deleted ones stay readable. */
  assertVisible(entityId: string, user: AuthUser): Promise<void>;
}

/** Marks the provider that is the AuditEntityScope of `entityType`. */
export const AuditScopeFor = (entityType: string) => SetMetadata(AUDIT_ENTITY_SCOPE, entityType);

const isNotFound = (error: unknown) => error instanceof HttpException && error.getStatus() === HttpStatus.NOT_FOUND;

/**
 * Every AuditEntityScope the app provides, found once by their decorator. Types without one
 * (users, customers, tasks…) are visible to every audit reader, as their own routes are to managers.
 */
@Injectable()
export class AuditEntityScopes {
  private scopes?: Map<string, AuditEntityScope>;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  /** 404 (the entity route's own answer) unless `user` may see this entity. */
  async assertVisible(entityType: string, entityId: string, user: AuthUser): Promise<void> {
    const scope = this.registered().get(entityType);
    if (scope && !(await scope.seesAll(user))) await scope.assertVisible(entityId, user);
  }

  /**
   * The filter that keeps a list of records to entities `user` may see. A named entity is checked
   * (404 when its type is named too); without one, the types `user` sees only in part are left out
   * (their records are read per entity, through the check).
   */
  async listFilter(query: { entity_type?: string; entity_id?: string }, user: AuthUser): Promise<Record<string, unknown>> {
    const partial: string[] = [];
    for (const [type, scope] of this.registered()) if (!(await scope.seesAll(user))) partial.push(type);
    if (!partial.length) return {};
    if (query.entity_id && query.entity_type) {
      if (partial.includes(query.entity_type)) await this.registered().get(query.entity_type)!.assertVisible(query.entity_id, user);
      return {};
    }
    if (!query.entity_id) return { entity_type: { $nin: partial } };
    const hidden: string[] = [];
    for (const type of partial) {
      try {
        await this.registered().get(type)!.assertVisible(query.entity_id, user);
      } catch (error) {
        if (!isNotFound(error)) throw error;
        hidden.push(type);
      }
    }
    return hidden.length ? { entity_type: { $nin: hidden } } : {};
  }

  private registered(): Map<string, AuditEntityScope> {
    if (this.scopes) return this.scopes;
    const scopes = new Map<string, AuditEntityScope>();
    for (const wrapper of this.discovery.getProviders()) {
      if (!wrapper.metatype || !wrapper.instance) continue;
      const type = this.reflector.get<string | undefined>(AUDIT_ENTITY_SCOPE, wrapper.metatype as never);
      if (type) scopes.set(type, wrapper.instance as AuditEntityScope);
    }
    // Cached only once the app is up (instances exist): resolving earlier would miss them.
    if (scopes.size) this.scopes = scopes;
    return scopes;
  }
}
