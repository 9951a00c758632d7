import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { ApiException, conflict, DomainEvent, DomainEvents, toResponse } from '@app/common';
import { AccessPolicy, AuthUser, Permission, Role } from '@app/auth';
import { ProjectsService, ProjectDraft, ProjectSummary } from '@app/projects';
import { CustomersService } from '../customers/customers.service';
import { CustomerResponse } from '../customers/dto/customer.response';
import { ConvertLeadDto, ConvertLeadProjectDto } from './dto/convert-lead.dto';
import { ConvertedProjectResponse, LeadConversionResponse, LeadResponse } from './dto/lead.response';
import { Lead, leadName, LeadStatus } from './lead.schema';
import { assertConvertible } from './lead-status';
import { LeadRecord, LeadsService } from './leads.service';

/**
 * Lead → customer (→ first project) without transactions. Every step is idempotent and keyed on
 * the lead, and the lead is stamped last, so a call that dies half-way is finished by the next:
 *   1. reserve the project id on the lead (only when a project is asked for),
 *   2. upsert the customer keyed on `lead_id` (unique index),
 *   3. create the project under the reserved id through ProjectsService (a second create returns the first),
 *   4. stamp the lead converted (conditional on `converted_at: null`) and mark it won.
 * The lead is read once, the project validated once (before any write), and the response is built
 * from what the writes returned: the round trips are pinned in test/crm.e2e-spec.ts.
 */
@Injectable()
export class LeadConversionService {
  constructor(
    @InjectModel(Lead.name) private readonly leads: Model<Lead>,
    private readonly leadsService: LeadsService,
    private readonly customers: CustomersService,
    private readonly projects: ProjectsService,
    private readonly events: DomainEvents,
    private readonly access: AccessPolicy,
  ) {}

  async convert(id: string, dto: ConvertLeadDto, actor: AuthUser): Promise<LeadConversionResponse> {
    const lead = await this.access.requireAccess(actor, Permission.LeadConvert, id);
    if (lead.converted_at) return this.presentConverted(lead);

    assertConvertible(lead.status);
    const draft = dto?.project ? await this.assertProjectAcceptable(dto.project, actor) : null;
    const reservedProjectId = draft ? await this.reserveProjectId(lead) : null;

    const { customer } = await this.customers.upsertFromLead({
      lead_id: lead._id,
      name: leadName(lead),
      email: lead.email,
      phone: lead.phone,
      company_name: lead.company_name,
      website: lead.website,
      owner_id: lead.agent_id ?? (actor.role === Role.Sales ? new Types.ObjectId(actor.id) : null),
    }, actor.id);

    // A retry without a project still links the one an interrupted call already created.
    let project: ProjectSummary | null = null;
    if (draft && reservedProjectId) {
      project = await this.projects.createFromDraft(draft, actor, { id: reservedProjectId, customer_id: customer._id });
    } else if (lead.pending_project_id) {
      project = await this.projects.findSummary(lead.pending_project_id);
    }
    const projectId = project?._id ?? null;

    const stamped = await this.events.record(
      [
        {
          name: DomainEvent.LeadConverted,
          payload: {
            recipient_ids: lead.agent_id ? [String(lead.agent_id)] : [],
            actor_id: actor.id,
            entity_type: 'lead',
            entity_id: lead._id.toHexString(),
            data: { lead_name: leadName(lead), customer_name: customer.name },
          },
          changes: { status: LeadStatus.Won, converted_customer_id: customer._id, converted_project_id: projectId },
          scope: { customer_id: customer._id.toHexString(), ...(projectId ? { project_id: projectId.toHexString() } : {}) },
          confirm: { collection: 'leads', filter: { _id: lead._id, converted_at: { $ne: null } } },
        },
      ],
      () =>
        this.leads
          .findOneAndUpdate(
            { _id: lead._id, converted_at: null },
            {
              $set: { converted_customer_id: customer._id, converted_project_id: projectId, converted_at: new Date(), status: LeadStatus.Won, next_follow_up_at: null },
              $unset: { pending_project_id: 1 },
            },
            { new: true },
          )
          .lean<LeadRecord>(),
    );
    // Null: a concurrent call stamped it first; report what that call recorded.
    if (!stamped) return this.presentConverted(await this.access.requireAccess(actor, Permission.LeadRead, id));

    // Built from what the writes returned: the stamped lead, the upserted customer, the created project.
    return {
      already_converted: false,
      lead: toResponse(LeadResponse, stamped),
      customer: toResponse(CustomerResponse, customer),
      project: project ? toResponse(ConvertedProjectResponse, project) : null,
    };
  }

  /**
   * Checked before anything is written, so a bad project never leaves a customer behind. The very
   * rules of POST /projects (ProjectsService.assertCreatable), with each field named by its path here.
   */
  private async assertProjectAcceptable(project: ConvertLeadProjectDto, actor: AuthUser): Promise<ProjectDraft> {
    try {
      return await this.projects.assertCreatable(project, actor);
    } catch (error) {
      if (!(error instanceof ApiException)) throw error;
      const { message } = error.getResponse() as { message: string };
      throw new ApiException(error.getStatus(), message, error.details.map((detail) => ({ ...detail, field: `project.${detail.field}` })));
    }
  }

  /** Step 1: the first project's id, chosen once and kept on the lead until it is stamped. */
  private async reserveProjectId(lead: LeadRecord): Promise<Types.ObjectId> {
    if (lead.pending_project_id) return lead.pending_project_id;
    const projection = { pending_project_id: 1 };
    const reserved =
      (await this.leads
        .findOneAndUpdate({ _id: lead._id, pending_project_id: { $exists: false } }, { $set: { pending_project_id: new Types.ObjectId() } }, { new: true, projection })
        .lean<Pick<Lead, '_id' | 'pending_project_id'>>()) ??
      // A concurrent call reserved first: use its id.
      (await this.leads.findById(lead._id, projection).lean<Pick<Lead, '_id' | 'pending_project_id'>>());
    if (!reserved?.pending_project_id) throw conflict('The lead was deleted during conversion');
    return reserved.pending_project_id;
  }

  /** An already converted lead: what its conversion created, read from the owners. */
  private async presentConverted(lead: LeadRecord): Promise<LeadConversionResponse> {
    const customerId = String(lead.converted_customer_id);
    const [customer, project] = await Promise.all([
      this.customers.findOne(customerId).catch(() => {
        throw conflict(`The customer converted from this lead (${customerId}) was deleted; restore it with POST /customers/${customerId}/restore`);
      }),
      lead.converted_project_id ? this.projects.findSummary(lead.converted_project_id) : Promise.resolve(null),
    ]);
    return {
      already_converted: true,
      lead: toResponse(LeadResponse, lead),
      customer: toResponse(CustomerResponse, customer),
      project: project ? toResponse(ConvertedProjectResponse, project) : null,
    };
  }
}
