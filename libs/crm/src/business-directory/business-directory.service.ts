import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { buildFilter, conflict, DEFAULT_PAGE_LIMIT, fieldError, findPage, forbidden, notFound, PageResponse, parseSort, populateListRows } from '@app/common';
import { AccessPolicy, AuthUser, Permission, Role, UsersService } from '@app/auth';
import { LeadsService } from '../leads/leads.service';
import { isSupervisor } from '../shared/crm-roles';
import { findOneById } from '../shared/find-one';
import { definedFields } from '../shared/transforms';
import { BusinessDirectory, DirectoryStatus } from './business-directory.schema';
import { DirectorySearch } from './directory-search';
import { ConvertToLeadDto } from './dto/convert-to-lead.dto';
import { CreateDirectoryEntryDto } from './dto/create-directory-entry.dto';
import { DIRECTORY_LIST_SPEC, DirectoryQueryDto } from './dto/directory-query.dto';
import { UpdateDirectoryEntryDto } from './dto/update-directory-entry.dto';

type Row = Record<string, unknown> & { _id: Types.ObjectId };

export interface DirectoryConversion {
  already_converted: boolean;
  entry: Row;
  lead: Row;
}

const ENTITY = 'Business directory entry';

/**
 * The prospect directory. Every sales-team member reads every entry (the shared prospecting
 * list); sales users change only entries assigned to them or unassigned, and may only assign
 * themselves; managers and admins do everything.
 */
@Injectable()
export class BusinessDirectoryService {
  constructor(
    @InjectModel(BusinessDirectory.name) private readonly entries: Model<BusinessDirectory>,
    private readonly search: DirectorySearch,
    private readonly leads: LeadsService,
    private readonly users: UsersService,
    private readonly access: AccessPolicy,
  ) {}

  async create(dto: CreateDirectoryEntryDto, actor: AuthUser): Promise<Row> {
    const agentId = dto.agent_id !== undefined ? dto.agent_id : actor.role === Role.Sales ? actor.id : null;
    this.assertMayAssign(agentId, actor);
    if (agentId) await this.assertAgent(agentId);
    const status = dto.status ?? DirectoryStatus.New;
    const created = await this.entries.create({ ...definedFields(dto), agent_id: agentId, status, contacted_at: status === DirectoryStatus.New ? null : new Date() });
    return this.findOne(created._id.toHexString());
  }

  /** Without `q` the standard list; with `q` ranked search (see DirectorySearch), same envelope. */
  list(query: DirectoryQueryDto): Promise<PageResponse<Row>> {
    if (!query.q) return findPage(this.entries, query as DirectoryQueryDto & Record<string, unknown>, DIRECTORY_LIST_SPEC);
    return this.searchPage(query as DirectoryQueryDto & { q: string });
  }

  findOne(id: string, populate?: string): Promise<Row> {
    return findOneById(this.entries, id, DIRECTORY_LIST_SPEC, ENTITY, { populate });
  }

  async update(id: string, dto: UpdateDirectoryEntryDto, actor: AuthUser): Promise<Row> {
    const current = await this.access.requireAccess(actor, Permission.DirectoryEntryUpdate, id);
    const set: Record<string, unknown> = definedFields(dto);
    if (dto.agent_id !== undefined && String(dto.agent_id) !== String(current.agent_id)) {
      this.assertMayAssign(dto.agent_id, actor);
      if (dto.agent_id) await this.assertAgent(dto.agent_id);
    }
    if (dto.status !== undefined && dto.status !== current.status) {
      if (current.status === DirectoryStatus.Converted) {
        throw conflict(`The prospect was converted into lead ${String(current.converted_lead_id)} and stays converted`, [
          { field: 'status', message: 'a converted prospect keeps its status' },
        ]);
      }
      if (dto.status !== DirectoryStatus.New && !current.contacted_at) set.contacted_at = new Date();
    }
    // Conditional on the status read above, so a concurrent conversion is never overwritten.
    const updated = await this.entries.findOneAndUpdate({ _id: id, status: current.status }, { $set: set }, { new: true, runValidators: true }).lean();
    if (!updated) throw conflict(`The prospect's status changed meanwhile (it is no longer ${current.status}); reload and retry`);
    return this.findOne(id);
  }

  /** Hard delete; a converted entry is the origin of a lead and is kept. */
  async remove(id: string): Promise<void> {
    const entry = await this.entries.findById(id, { converted_lead_id: 1 }).lean();
    if (!entry) throw notFound(ENTITY);
    if (entry.converted_lead_id) {
      throw conflict(`The prospect was converted into lead ${String(entry.converted_lead_id)} and is kept as its origin; it cannot be deleted`);
    }
    await this.entries.deleteOne({ _id: id, converted_lead_id: null });
  }

  /**
   * Prospect → lead, idempotent without transactions: the lead is upserted keyed on the entry's
   * id (unique index on leads.directory_id), then the entry is stamped; a retry after a crash
   * between the two finds the same lead and finishes the stamp.
   */
  async convertToLead(id: string, dto: ConvertToLeadDto, actor: AuthUser): Promise<DirectoryConversion> {
    const entry = await this.access.requireAccess(actor, Permission.DirectoryEntryUpdate, id);
    if (entry.converted_lead_id) return this.presentConversion(id, entry.converted_lead_id, actor, true);

    const agentId = dto?.agent_id ?? (entry.agent_id ? String(entry.agent_id) : actor.role === Role.Sales ? actor.id : null);
    this.assertMayAssign(agentId, actor);
    const [first, ...rest] = (entry.contact?.name ?? '').split(/\s+/).filter(Boolean);
    const { lead, created } = await this.leads.upsertFromDirectory(
      {
        directory_id: entry._id,
        agent_id: agentId,
        first_name: first ?? entry.name.slice(0, 100),
        last_name: rest.length ? rest.join(' ').slice(0, 100) : null,
        email: entry.contact?.email ?? null,
        phone: entry.contact?.phone ?? null,
        company_name: entry.name,
        website: entry.website,
        notes: entry.description,
        ...definedFields({ priority: dto?.priority, estimated_value: dto?.estimated_value }),
      },
      actor,
    );

    const now = new Date();
    await this.entries.updateOne(
      { _id: entry._id, converted_lead_id: null },
      {
        $set: {
          converted_lead_id: lead._id,
          converted_at: now,
          status: DirectoryStatus.Converted,
          contacted_at: entry.contacted_at ?? now,
          // The agent who converted it gets the credit when nobody was assigned.
          agent_id: entry.agent_id ?? lead.agent_id,
        },
      },
    );
    const stamped = await this.entries.findById(entry._id, { converted_lead_id: 1 }).lean();
    const leadId = stamped?.converted_lead_id ?? lead._id;
    return this.presentConversion(id, leadId, actor, !created || !lead._id.equals(leadId));
  }

  private assertMayAssign(agentId: string | null | undefined, actor: AuthUser): void {
    if (!isSupervisor(actor) && agentId !== actor.id) throw forbidden('Sales users can only assign prospects to themselves (agent_id must be your own id)');
  }

  private async assertAgent(agentId: string): Promise<void> {
    if (!(await this.users.findActiveWithRole(agentId, [Role.Sales]))) throw fieldError('agent_id', 'must reference an active sales user');
  }

  private async presentConversion(id: string, leadId: Types.ObjectId, actor: AuthUser, alreadyConverted: boolean): Promise<DirectoryConversion> {
    const [entry, lead] = await Promise.all([this.findOne(id), this.leads.findOne(leadId.toHexString(), actor)]);
    return { already_converted: alreadyConverted, entry, lead };
  }

  /**
   * Ranked search in one aggregation: it ranks (relevance, then `sort`), pages and projects the
   * rows and counts the matches; `?populate=` then adds one batched read per populated path.
   */
  private async searchPage(query: DirectoryQueryDto & { q: string }): Promise<PageResponse<Row>> {
    if (query.cursor) throw fieldError('cursor', 'cannot be combined with q; page through search results with page');
    const { field, direction } = parseSort(query.sort ?? DIRECTORY_LIST_SPEC.defaultSort, DIRECTORY_LIST_SPEC);
    const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
    const page = query.page ?? 1;
    const plan = this.search.plan(query.q);

    const [result] = await this.entries.aggregate<{ data: Row[]; total: { n: number }[] }>([
      { $match: { ...plan.match, ...buildFilter(query as unknown as Record<string, unknown>, DIRECTORY_LIST_SPEC) } },
      { $addFields: { relevance: plan.relevance } },
      { $sort: { relevance: -1, [field]: direction, _id: direction } },
      { $facet: { data: [{ $skip: (page - 1) * limit }, { $limit: limit }, { $project: withoutRelevance(DIRECTORY_LIST_SPEC.projection) }], total: [{ $count: 'n' }] } },
    ]);
    const data = result?.data ?? [];
    await populateListRows(this.entries, data, DIRECTORY_LIST_SPEC, query.populate);
    return {
      data,
      page,
      limit,
      total: result?.total[0]?.n ?? 0,
      next_cursor: null,
    };
  }
}

/** The list projection for a search page: the ranking's own field is never part of a row. */
function withoutRelevance(projection: Record<string, 0 | 1> | undefined): Record<string, 0 | 1> {
  const inclusive = Object.values(projection ?? {}).some((value) => value === 1);
  return inclusive ? { ...projection } : { ...projection, relevance: 0 };
}
