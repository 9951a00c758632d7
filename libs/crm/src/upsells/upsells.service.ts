import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model, Types } from 'mongoose';
import { conflict, DomainEvent, DomainEvents, fieldError, findPage, forbidden, notFound, OutboxEntry, PageResponse } from '@app/common';
import { AccessPolicy, AuthUser, Permission, UsersService } from '@app/auth';
import { ProjectAccessView } from '@app/projects';
import { isSupervisor, SALES_TEAM } from '../shared/crm-roles';
import { findOneById } from '../shared/find-one';
import { definedFields } from '../shared/transforms';
import { CreateUpsellDto } from './dto/create-upsell.dto';
import { UpdateUpsellDto } from './dto/update-upsell.dto';
import { UPSELL_LIST_SPEC, UpsellQueryDto } from './dto/upsell-query.dto';
import { assertMayRefund, assertMoneyEditable, assertPaymentTransition, paymentStamps } from './payment-status';
import { Upsell, UpsellPaymentStatus } from './upsell.schema';

type Row = Record<string, unknown> & { _id: Types.ObjectId };

/**
 * Upsells of a project. Visibility is the project's (someone who cannot see the project gets
 * 404); sales users change only the upsells they sold. Payment status follows the transition
 * table; a payment notifies the project manager and the seller.
 */
@Injectable()
export class UpsellsService {
  constructor(
    @InjectModel(Upsell.name) private readonly upsells: Model<Upsell>,
    private readonly access: AccessPolicy,
    private readonly users: UsersService,
    private readonly events: DomainEvents,
  ) {}

  /** Always starts pending; record the payment with PATCH `payment_status: paid`. */
  async create(projectId: string, dto: CreateUpsellDto, actor: AuthUser): Promise<Row> {
    const project = await this.access.requireAccess(actor, Permission.ProjectRead, projectId);
    const soldBy = dto.sold_by ?? actor.id;
    if (soldBy !== actor.id) await this.assertSeller(soldBy, actor);
    const created = await this.upsells.create({
      description: dto.description,
      amount: dto.amount,
      currency: dto.currency ?? project.currency,
      customer_id: project.customer_id,
      project_id: project._id,
      sold_by: new Types.ObjectId(soldBy),
      payment_status: UpsellPaymentStatus.Pending,
    });
    return present(created.toObject() as unknown as Row);
  }

  async listForProject(projectId: string, query: UpsellQueryDto, user: AuthUser): Promise<PageResponse<Row>> {
    const project = await this.access.requireAccess(user, Permission.ProjectRead, projectId);
    return this.page({ ...query, project_id: undefined }, { project_id: project._id });
  }

  /** Upsells of every project the user may see. */
  async list(query: UpsellQueryDto, user: AuthUser): Promise<PageResponse<Row>> {
    const visible = await this.access.accessibleIds(user, Permission.ProjectRead);
    return this.page(query, visible === 'all' ? {} : { project_id: { $in: visible } });
  }

  /** 404 unless the user may see the project; `populate` goes through the list helper's whitelist. */
  async findOne(id: string, user: AuthUser, populate?: string): Promise<Row> {
    if (!populate) return present((await this.load(id, user)).upsell as unknown as Row);
    const upsell = await findOneById(this.upsells, id, UPSELL_LIST_SPEC, 'Upsell', { populate });
    await this.access.requireAccess(user, Permission.ProjectRead, upsell.project_id as Types.ObjectId);
    return present(upsell);
  }

  async update(id: string, dto: UpdateUpsellDto, actor: AuthUser): Promise<Row> {
    const { upsell: current, project } = await this.load(id, actor);
    const { payment_status, ...fields } = definedFields(dto);
    // null is "not sent" here: the status is never cleared.
    const next = payment_status ?? undefined;
    await this.access.requireRowAccess(actor, Permission.UpsellUpdate, current);
    assertMayRefund(next, actor);
    if (fields.amount !== undefined && fields.amount !== current.amount) assertMoneyEditable(current.payment_status, 'amount');
    if (fields.currency !== undefined && fields.currency !== current.currency) assertMoneyEditable(current.payment_status, 'currency');
    const set: Record<string, unknown> = { ...fields };
    if (fields.sold_by !== undefined && fields.sold_by !== String(current.sold_by)) {
      await this.assertSeller(fields.sold_by, actor);
      set.sold_by = new Types.ObjectId(fields.sold_by);
    } else {
      delete set.sold_by;
    }
    const statusChanged = next !== undefined && next !== current.payment_status;
    const now = new Date();
    if (statusChanged) {
      assertPaymentTransition(current.payment_status, next);
      Object.assign(set, { payment_status: next }, paymentStamps(next, now));
    }
    const entries: OutboxEntry[] = [];
    if (statusChanged && next === UpsellPaymentStatus.Paid) entries.push(this.paidEntry({ ...current, ...set } as Upsell, project, actor));
    if (statusChanged && next === UpsellPaymentStatus.Refunded) {
      entries.push({
        name: DomainEvent.UpsellRefunded,
        payload: { entity_id: id, actor_id: actor.id, changes: set, scope: { project_id: String(project._id) } },
        confirm: { collection: 'upsells', filter: { _id: current._id, payment_status: UpsellPaymentStatus.Refunded } },
      });
    }
    // Guarded by the status read above: of two racing payments only one applies (and notifies).
    const updated = await this.events.record(entries, () =>
      this.upsells.findOneAndUpdate({ _id: current._id, payment_status: current.payment_status }, { $set: set }, { new: true, runValidators: true }).lean<Upsell>(),
    );
    if (!updated) throw conflict(`The upsell's payment status changed meanwhile (it is no longer ${current.payment_status}); reload and retry`);
    return present(updated as unknown as Row);
  }

  /** Soft delete; money received (paid or refunded) stays on record. */
  async remove(id: string, actor: AuthUser): Promise<void> {
    const { upsell } = await this.load(id, actor);
    await this.access.requireRowAccess(actor, Permission.UpsellUpdate, upsell);
    if (upsell.payment_status === UpsellPaymentStatus.Paid || upsell.payment_status === UpsellPaymentStatus.Refunded) {
      throw conflict(`A ${upsell.payment_status} upsell is revenue on record and cannot be deleted${upsell.payment_status === UpsellPaymentStatus.Paid ? '; refund it instead' : ''}`);
    }
    const result = await this.upsells.updateOne(
      { _id: upsell._id, payment_status: upsell.payment_status },
      { $set: { deleted_at: new Date(), deleted_by: new Types.ObjectId(actor.id) } },
    );
    if (result.matchedCount === 0) throw conflict('The upsell changed meanwhile; reload and retry');
  }

  private async load(id: string, user: AuthUser): Promise<{ upsell: Upsell; project: ProjectAccessView }> {
    const upsell = await this.upsells.findById(id).lean<Upsell>();
    if (!upsell) throw notFound('Upsell');
    const project = await this.access.requireAccess(user, Permission.ProjectRead, upsell.project_id);
    return { upsell, project };
  }

  private async page(query: UpsellQueryDto, base: FilterQuery<Upsell>): Promise<PageResponse<Row>> {
    const page = await findPage(this.upsells, query as UpsellQueryDto & Record<string, unknown>, UPSELL_LIST_SPEC, base);
    return { ...page, data: page.data.map(present) };
  }

  /** Sales users credit only themselves; others name an active sales, manager or admin user. */
  private async assertSeller(userId: string, actor: AuthUser): Promise<void> {
    if (!isSupervisor(actor) && userId !== actor.id) throw forbidden('Sales users can only record upsells they sold (sold_by must be your own id)');
    if (!(await this.users.findActiveWithRole(userId, SALES_TEAM))) throw fieldError('sold_by', 'must reference an active sales, manager or admin user');
  }

  /** A payment is recorded once per upsell (paid is final but for a refund), so the upsell id is the key. */
  private paidEntry(upsell: Upsell, project: ProjectAccessView, actor: AuthUser): OutboxEntry {
    return {
      name: DomainEvent.UpsellPaid,
      payload: {
        recipient_ids: [String(project.user_id), String(upsell.sold_by)],
        actor_id: actor.id,
        entity_type: 'upsell',
        entity_id: upsell._id.toHexString(),
        data: { project_name: project.name, amount: upsell.amount.toFixed(2), currency: upsell.currency, description: upsell.description },
      },
      changes: { payment_status: UpsellPaymentStatus.Paid, paid_at: upsell.paid_at },
      scope: { project_id: String(project._id) },
      confirm: { collection: 'upsells', filter: { _id: upsell._id, payment_status: { $in: [UpsellPaymentStatus.Paid, UpsellPaymentStatus.Refunded] } } },
    };
  }
}

/** Documents written without the stamps (imports, seeds) still answer with the documented nulls. */
function present(row: Row): Row {
  return { ...row, paid_at: row.paid_at ?? null, refunded_at: row.refunded_at ?? null };
}
