import { Injectable } from '@nestjs/common';
import type { Types } from 'mongoose';
import { AccessPolicy, AuthUser, Permission, Role } from '@app/auth';
import type { CommittedEvent } from '../outbox/outbox.repository';

/** Who reads customers (GET /customers/:id): the sales team. */
const CUSTOMER_READERS: Role[] = [Role.Admin, Role.Manager, Role.Sales];
/** How long a stream trusts its reader's list of visible projects (team changes show up within this). */
const PROJECTS_TTL_MS = 5_000;

/** One stream's reader, with the project list its project-scoped checks reuse. */
export class StreamViewer {
  private projects?: { ids: Set<string> | 'all'; at: number };

  constructor(readonly user: AuthUser) {}

  async visibleProjects(access: AccessPolicy): Promise<Set<string> | 'all'> {
    if (!this.projects || Date.now() - this.projects.at > PROJECTS_TTL_MS) {
      const ids = await access.accessibleIds(this.user, Permission.ProjectRead);
      this.projects = { ids: ids === 'all' ? 'all' : new Set(ids.map((id: Types.ObjectId) => id.toHexString())), at: Date.now() };
    }
    return this.projects.ids;
  }
}

/**
 * Whether a stream's reader may see an event: the access policy's row-level rules, asked as
 * each event's route would (no copy of a rule lives here). Notifications are their owner's;
 * messages and mentions follow the conversation (the general channel is everyone's, a project's
 * its team's); record changes follow the record (leads: ownership and department; customers and
 * cards: the sales team, cards only for customers a sales user owns; project data: the project).
 */
@Injectable()
export class EventVisibility {
  constructor(private readonly access: AccessPolicy) {}

  async canSee(event: CommittedEvent, viewer: StreamViewer): Promise<boolean> {
    const { user } = viewer;
    const scope = event.scope ?? {};
    switch (event.type) {
      case 'notification.created':
      case 'notification.read':
        return (scope.user_ids ?? []).includes(user.id);
      case 'message.posted':
      case 'mention.created':
        return scope.project_id ? this.projectVisible(scope.project_id, viewer) : true;
      case 'lead.created':
      case 'lead.assigned':
      case 'lead.status_changed':
      case 'lead.converted':
        return this.access.requireAccess(user, Permission.LeadRead, event.entity_id).then(
          () => true,
          () => false,
        );
      case 'customer.created':
      case 'customer.updated':
      case 'customer.deleted':
        return CUSTOMER_READERS.includes(user.role);
      case 'card.added':
      case 'card.removed':
        return CUSTOMER_READERS.includes(user.role) && this.access.requireAccess(user, Permission.CustomerUpdate, String(scope.customer_id)).then(() => true, () => false);
      case 'file.uploaded':
        return (
          (await this.projectVisible(scope.project_id, viewer)) &&
          (await this.access.allows(user, Permission.FileRead, { uploaded_by: event.actor_id, allowed_roles: event.data.allowed_roles ?? [] }))
        );
      case 'project.created':
      case 'project.status_changed':
      case 'project.billed':
      case 'task.assigned':
      case 'task.status_changed':
      case 'upsell.paid':
      case 'upsell.refunded':
        return this.projectVisible(scope.project_id, viewer);
    }
  }

  private async projectVisible(projectId: string | undefined, viewer: StreamViewer): Promise<boolean> {
    if (!projectId) return false;
    const visible = await viewer.visibleProjects(this.access);
    return visible === 'all' || visible.has(projectId);
  }
}
