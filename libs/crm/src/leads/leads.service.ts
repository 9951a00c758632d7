import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { Connection, FilterQuery, Model, ModifyResult, Types } from 'mongoose';
import { conflict, DomainEvent, emitDomainEvent, fieldError, findPage, forbidden, NotifiableEvent, notFound, PageResponse } from '@app/common';
import { AuthUser, Role, UsersService } from '@app/auth';
import { isSupervisor } from '../shared/crm-roles';
import { departmentScope } from '../shared/department-scope';
import { findOneById } from '../shared/find-one';
import { definedFields } from '../shared/transforms';
import { userName } from '../shared/user-names';
import { CreateLeadDto } from './dto/create-lead.dto';
import { LEAD_LIST_SPEC, LeadQueryDto } from './dto/lead-query.dto';
import { UpdateLeadDto } from './dto/update-lead.dto';
import { Lead, leadName, LeadSource, LeadStatus } from './lead.schema';
import { assertLeadTransition, assertLostReason } from './lead-status';

type Row = Record<string, unknown> & { _id: Types.ObjectId };

/** What a business-directory entry contributes to the lead made from it. */
export interface LeadFromDirectory extends Partial<Pick<Lead, 'first_name' | 'last_name' | 'email' | 'phone' | 'company_name' | 'website' | 'notes' | 'priority' | 'estimated_value'>> {
  directory_id: Types.ObjectId;
  first_name: string;
  agent_id: string | null;
}

/**
 * Leads and their pipeline. Sales users see and edit only their own leads (another agent's lead is
 * 404, its existence undisclosed); a manager with a department sees that department's agents' leads
 * and unassigned ones, a manager without one and admins see all; managers and admins (re)assign
 * them. Every assignment notifies the agent.
 */
@Injectable()
export class LeadsService {
  constructor(
    @InjectModel(Lead.name) private readonly leads: Model<Lead>,
    @InjectConnection() private readonly connection: Connection,
    private readonly users: UsersService,
    private readonly events: EventEmitter2,
  ) {}

  /** Mongo filter limiting leads to what `user` may see (the list helper ANDs a requested `agent_id` with it). */
  async visibilityFilter(user: AuthUser): Promise<FilterQuery<Lead>> {
    if (isSupervisor(user)) return (await departmentScope(this.users, user, 'agent_id')) ?? {};
    return { agent_id: new Types.ObjectId(user.id) };
  }

  async create(dto: CreateLeadDto, actor: AuthUser): Promise<Row> {
    const agentId = dto.agent_id !== undefined ? dto.agent_id : actor.role === Role.Sales ? actor.id : null;
    if (!isSupervisor(actor) && agentId !== actor.id) throw forbidden('Sales users can only create leads assigned to themselves');
    if (agentId) await this.assertAgent(agentId);
    const created = await this.leads.create({ ...definedFields(dto), agent_id: agentId, status: LeadStatus.New });
    const lead = created.toObject() as unknown as Row;
    if (agentId) await this.announceAssignment(lead as unknown as Lead, actor);
    return lead;
  }

  async list(query: LeadQueryDto, user: AuthUser): Promise<PageResponse<Row>> {
    return findPage(this.leads, query as LeadQueryDto & Record<string, unknown>, LEAD_LIST_SPEC, await this.visibilityFilter(user));
  }

  async findOne(id: string, user: AuthUser, populate?: string): Promise<Row> {
    return findOneById(this.leads, id, LEAD_LIST_SPEC, 'Lead', { populate, filter: await this.visibilityFilter(user) });
  }

  /** The lead if `user` may see it (404 otherwise), as stored. */
  async findVisible(id: string | Types.ObjectId, user: AuthUser): Promise<Lead> {
    const lead = await this.leads.findOne({ _id: id, ...(await this.visibilityFilter(user)) }).lean<Lead>();
    if (!lead) throw notFound('Lead');
    return lead;
  }

  /** 404 unless `user` may see the lead; `withDeleted` reaches soft-deleted ones (for their audit history). */
  async assertVisible(id: string | Types.ObjectId, user: AuthUser, options: { withDeleted?: boolean } = {}): Promise<void> {
    const visible = await this.leads.exists({ _id: id, ...(await this.visibilityFilter(user)) }).setOptions({ withDeleted: options.withDeleted === true });
    if (!visible) throw notFound('Lead');
  }

  async update(id: string, dto: UpdateLeadDto, actor: AuthUser): Promise<Row> {
    const current = await this.findVisible(id, actor);
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

    // Conditional on the status read above: of two racing stage changes only one applies.
    const updated = await this.leads.findOneAndUpdate({ _id: id, status: current.status }, { $set: set }, { new: true, runValidators: true }).lean<Lead>();
    if (!updated) throw conflict(`The lead's status changed meanwhile (it is no longer ${current.status}); reload and retry`);
    if (agentChanged && updated.agent_id) await this.announceAssignment(updated, actor);
    return this.findOne(id, actor);
  }

  /** Soft delete (customers and directory entries keep their reference); converted leads stay. */
  async remove(id: string, actor: AuthUser): Promise<void> {
    const lead = await this.findVisible(id, actor);
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
    const upsert = () =>
      this.leads
        .findOneAndUpdate({ directory_id }, { $setOnInsert: onInsert }, { upsert: true, new: true, includeResultMetadata: true, timestamps: false })
        .setOptions({ withDeleted: true })
        .lean();
    let result: ModifyResult<Lead>;
    try {
      result = (await upsert()) as unknown as ModifyResult<Lead>;
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      result = (await upsert()) as unknown as ModifyResult<Lead>;
    }
    const lead = result.value as Lead;
    const created = !result.lastErrorObject?.updatedExisting;
    if (created && lead.agent_id) await this.announceAssignment(lead, actor);
    return { lead, created };
  }

  private async assertAgent(agentId: string, field = 'agent_id'): Promise<void> {
    if (!(await this.users.findActiveWithRole(agentId, [Role.Sales]))) throw fieldError(field, 'must reference an active sales user');
  }

  private async announceAssignment(lead: Pick<Lead, '_id' | 'agent_id' | 'first_name' | 'last_name'>, actor: AuthUser): Promise<void> {
    await emitDomainEvent(this.events, DomainEvent.LeadAssigned, {
      recipient_ids: [String(lead.agent_id)],
      actor_id: actor.id,
      entity_type: 'lead',
      entity_id: lead._id.toHexString(),
      data: { lead_name: leadName(lead), assigned_by: await userName(this.connection, actor.id) },
    } satisfies NotifiableEvent);
  }
}
