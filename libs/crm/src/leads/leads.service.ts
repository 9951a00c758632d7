import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, ModifyResult, Types } from 'mongoose';
import { conflict, DomainEvent, DomainEvents, fieldError, findPage, forbidden, notFound, OutboxEntry, PageResponse } from '@app/common';
import { AccessPolicy, AuthUser, Permission, Role, UsersService, UserDirectory } from '@app/auth';
import { isSupervisor } from '../shared/crm-roles';
import { findOneById } from '../shared/find-one';
import { definedFields } from '../shared/transforms';
import { CreateLeadDto } from './dto/create-lead.dto';
import { LEAD_LIST_SPEC, LeadQueryDto } from './dto/lead-query.dto';
import { UpdateLeadDto } from './dto/update-lead.dto';
import { Lead, leadName, LeadSource, LeadStatus } from './lead.schema';
import { assertLeadTransition, assertLostReason } from './lead-status';

type Row = Record<string, unknown> & { _id: Types.ObjectId };

/** A lean lead as stored (mapped type: it serializes through toResponse). */
export type LeadRecord = Pick<Lead, keyof Lead>;

/** What a business-directory entry contributes to the lead made from it. */
export interface LeadFromDirectory extends Partial<Pick<Lead, 'first_name' | 'last_name' | 'email' | 'phone' | 'company_name' | 'website' | 'notes' | 'priority' | 'estimated_value'>> {
  directory_id: Types.ObjectId;
  first_name: string;
  agent_id: string | null;
}

/**
 * Leads and their pipeline. Which leads a user reaches is the access policy's (Permission.Lead*:
 * sales their own, a department's manager that department's and unassigned ones, other managers
 * and admins all; out of reach is 404); managers and admins (re)assign them. Every assignment
 * notifies the agent.
 */
@Injectable()
export class LeadsService {
  constructor(
    @InjectModel(Lead.name) private readonly leads: Model<Lead>,
    private readonly people: UserDirectory,
    private readonly users: UsersService,
    private readonly events: DomainEvents,
    private readonly access: AccessPolicy,
  ) {}

  async create(dto: CreateLeadDto, actor: AuthUser): Promise<Row> {
    const agentId = dto.agent_id !== undefined ? dto.agent_id : actor.role === Role.Sales ? actor.id : null;
    if (!isSupervisor(actor) && agentId !== actor.id) throw forbidden('Sales users can only create leads assigned to themselves');
    if (agentId) await this.assertAgent(agentId);
    const fields = { ...definedFields(dto), agent_id: agentId, status: LeadStatus.New };
    const id = new Types.ObjectId();
    const entries: OutboxEntry[] = [this.createdEntry(id, fields, actor)];
    if (agentId) entries.push(await this.assignmentEntry({ _id: id, agent_id: agentId, first_name: dto.first_name, last_name: dto.last_name ?? null }, actor, 'new'));
    const created = await this.events.record(entries, () => this.leads.create({ _id: id, ...fields }));
    return created.toObject() as unknown as Row;
  }

  async list(query: LeadQueryDto, user: AuthUser): Promise<PageResponse<Row>> {
    return findPage(this.leads, query as LeadQueryDto & Record<string, unknown>, LEAD_LIST_SPEC, await this.access.scopeFilter(user, Permission.LeadRead));
  }

  async findOne(id: string, user: AuthUser, populate?: string): Promise<Row> {
    return findOneById(this.leads, id, LEAD_LIST_SPEC, 'Lead', { populate, filter: await this.access.scopeFilter(user, Permission.LeadRead) });
  }

  async update(id: string, dto: UpdateLeadDto, actor: AuthUser): Promise<Row> {
    const current = await this.access.requireAccess(actor, Permission.LeadUpdate, id);
    const set: Record<string, unknown> = definedFields(dto);

    const agentChanged = dto.agent_id !== undefined && String(dto.agent_id) !== String(current.agent_id);
    if (agentChanged) {
      if (!isSupervisor(actor)) throw forbidden('Only managers and admins reassign a lead');
      if (dto.agent_id) await this.assertAgent(dto.agent_id);
    }
    if (dto.source === LeadSource.BusinessDirectory && current.source !== LeadSource.BusinessDirectory) {
      throw fieldError('source', 'business_directory is set by POST /business-directory/:id/convert-to-lead');
    }

    const status = dto.status ?? current.status;
    if (status !== current.status) {
      assertLeadTransition(current.status, status);
      // A closed deal has nothing left to follow up.
      if ((status === LeadStatus.Won || status === LeadStatus.Lost) && dto.next_follow_up_at === undefined) set.next_follow_up_at = null;
    }
    assertLostReason(status, dto.lost_reason !== undefined ? dto.lost_reason : current.lost_reason);

    const entries: OutboxEntry[] = [];
    if (status !== current.status) {
      entries.push({
        name: DomainEvent.LeadStatusChanged,
        // The pipeline only moves forward, so a lead enters each status once.
        key: `lead.status_changed:${id}:${status}`,
        payload: { entity_id: id, actor_id: actor.id, from: current.status, to: status, changes: set, scope: { user_ids: current.agent_id ? [String(current.agent_id)] : [] } },
        confirm: { collection: 'leads', filter: { _id: current._id, status } },
      });
    }
    if (agentChanged && dto.agent_id) {
      entries.push(await this.assignmentEntry({ ...current, agent_id: new Types.ObjectId(dto.agent_id), ...set }, actor, String(current.updated_at?.getTime())));
    }
    // Conditional on the status read above: of two racing stage changes only one applies.
    const updated = await this.events.record(entries, () =>
      this.leads.findOneAndUpdate({ _id: id, status: current.status }, { $set: set }, { new: true, runValidators: true }).lean<Lead>(),
    );
    if (!updated) throw conflict(`The lead's status changed meanwhile (it is no longer ${current.status}); reload and retry`);
    return this.findOne(id, actor);
  }

  /** Soft delete (customers and directory entries keep their reference); converted leads stay. */
  async remove(id: string, actor: AuthUser): Promise<void> {
    const lead = await this.access.requireAccess(actor, Permission.LeadDelete, id);
    if (lead.converted_customer_id) {
      throw conflict(`The lead was converted into customer ${String(lead.converted_customer_id)} and is kept as its origin; it cannot be deleted`);
    }
    await this.leads.updateOne({ _id: id }, { $set: { deleted_at: new Date(), deleted_by: new Types.ObjectId(actor.id) } });
  }

  async restore(id: string, actor: AuthUser): Promise<Row> {
    const exists = await this.leads.exists({ _id: id }).setOptions({ withDeleted: true });
    if (!exists) throw notFound('Lead');
    await this.leads.updateOne({ _id: id, deleted_at: { $ne: null } }, { $set: { deleted_at: null, deleted_by: null } });
    return this.findOne(id, actor);
  }

  /**
   * The lead of a directory entry, keyed by `directory_id` (unique sparse index): created on the
   * first call, the same lead on every later one (deleted ones included, so a retry never duplicates).
   */
  async upsertFromDirectory(source: LeadFromDirectory, actor: AuthUser): Promise<{ lead: Lead; created: boolean }> {
    const { directory_id, agent_id, ...fields } = source;
    if (agent_id) await this.assertAgent(agent_id, 'agent_id');
    const onInsert = {
      ...fields,
      source: LeadSource.BusinessDirectory,
      status: LeadStatus.New,
      agent_id: agent_id ? new Types.ObjectId(agent_id) : null,
      created_at: new Date(),
      updated_at: new Date(),
    };
    // The id is chosen here so the outbox events can name it before the write; an existing lead keeps its own.
    const id = new Types.ObjectId();
    const upsert = () =>
      this.leads
        .findOneAndUpdate({ directory_id }, { $setOnInsert: { _id: id, ...onInsert } }, { upsert: true, new: true, includeResultMetadata: true, timestamps: false })
        .setOptions({ withDeleted: true })
        .lean();
    const entries: OutboxEntry[] = [this.createdEntry(id, { ...onInsert, directory_id }, actor)];
    if (onInsert.agent_id) entries.push(await this.assignmentEntry({ _id: id, agent_id: onInsert.agent_id, first_name: fields.first_name, last_name: fields.last_name ?? null }, actor, 'new'));
    const insertedHere = (result: ModifyResult<Lead>) => !result.lastErrorObject?.updatedExisting && String(result.value?._id) === id.toHexString();
    let result: ModifyResult<Lead>;
    try {
      result = await this.events.record(entries, async () => (await upsert()) as unknown as ModifyResult<Lead>, insertedHere);
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      result = (await upsert()) as unknown as ModifyResult<Lead>;
    }
    const lead = result.value as Lead;
    return { lead, created: insertedHere(result) };
  }

  private async assertAgent(agentId: string, field = 'agent_id'): Promise<void> {
    if (!(await this.users.findActiveWithRole(agentId, [Role.Sales]))) throw fieldError(field, 'must reference an active sales user');
  }

  private createdEntry(id: Types.ObjectId, fields: Record<string, unknown>, actor: AuthUser): OutboxEntry {
    const agentId = fields.agent_id ? String(fields.agent_id) : null;
    return {
      name: DomainEvent.LeadCreated,
      payload: { entity_id: id.toHexString(), actor_id: actor.id, changes: fields, scope: { user_ids: agentId ? [agentId] : [] } },
      confirm: { collection: 'leads', filter: { _id: id } },
    };
  }

  /** `lead.assigned`, keyed by the state it changed from (`since`) so a lead assigned back and forth gets one event per move. */
  private async assignmentEntry(lead: Pick<Lead, '_id' | 'first_name' | 'last_name'> & { agent_id: Types.ObjectId | string }, actor: AuthUser, since: string): Promise<OutboxEntry> {
    const agentId = String(lead.agent_id);
    return {
      name: DomainEvent.LeadAssigned,
      key: `lead.assigned:${lead._id.toHexString()}:${agentId}:${since}`,
      payload: {
        recipient_ids: [agentId],
        actor_id: actor.id,
        entity_type: 'lead',
        entity_id: lead._id.toHexString(),
        data: { lead_name: leadName(lead), assigned_by: await this.people.nameOf(actor.id) },
      },
      changes: { agent_id: agentId },
      confirm: { collection: 'leads', filter: { _id: lead._id, agent_id: new Types.ObjectId(agentId) } },
    };
  }
}
