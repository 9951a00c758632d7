import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, ModifyResult, Types } from 'mongoose';
import { conflict, DomainEvent, DomainEvents, fieldError, findPage, forbidden, notFound, OutboxEntry, PageResponse } from '@app/common';
import { AccessPolicy, AuthUser, Permission, Role, UsersService } from '@app/auth';
import { isSupervisor, SALES_TEAM } from '../shared/crm-roles';
import { findOneById } from '../shared/find-one';
import { definedFields } from '../shared/transforms';
import { Customer, CustomerStatus } from './customer.schema';
import { CreateCustomerDto } from './dto/create-customer.dto';
import { CUSTOMER_LIST_SPEC, CustomerQueryDto } from './dto/customer-query.dto';
import { UpdateCustomerDto } from './dto/update-customer.dto';

type Row = Record<string, unknown> & { _id: Types.ObjectId };

/** A lean customer as stored (mapped type: it serializes through toResponse). */
export type CustomerRecord = Pick<Customer, keyof Customer>;

/** Who an invoice or quote is addressed to. */
export type CustomerBillingContact = Pick<Customer, '_id' | 'name' | 'email' | 'company_name' | 'address' | 'owner_id'>;

/** What lead conversion copies into the customer it creates. */
export interface CustomerFromLead {
  lead_id: Types.ObjectId;
  name: string;
  email: string | null;
  phone: string | null;
  company_name: string | null;
  website: string | null;
  owner_id: Types.ObjectId | null;
}

/**
 * Customers. Every sales-team member reads every customer (they share the book of business);
 * sales users edit only customers they own and cannot give one away; delete and restore are for
 * managers and admins.
 */
@Injectable()
export class CustomersService {
  constructor(
    @InjectModel(Customer.name) private readonly customers: Model<Customer>,
    private readonly users: UsersService,
    private readonly events: DomainEvents,
    private readonly access: AccessPolicy,
  ) {}

  async create(dto: CreateCustomerDto, actor: AuthUser): Promise<Row> {
    const ownerId = dto.owner_id !== undefined ? dto.owner_id : actor.role === Role.Sales ? actor.id : null;
    if (!isSupervisor(actor) && ownerId !== actor.id) throw forbidden('Sales users can only create customers they own (owner_id must be your own id)');
    if (ownerId) await this.assertOwner(ownerId);
    const fields = { ...definedFields(dto), owner_id: ownerId };
    const id = new Types.ObjectId();
    await this.events.record([createdEntry(id, fields, actor.id)], () => this.customers.create({ _id: id, ...fields }));
    return this.findOne(id.toHexString());
  }

  list(query: CustomerQueryDto): Promise<PageResponse<Row>> {
    return findPage(this.customers, query as CustomerQueryDto & Record<string, unknown>, CUSTOMER_LIST_SPEC);
  }

  findOne(id: string, populate?: string): Promise<Row> {
    return findOneById(this.customers, id, CUSTOMER_LIST_SPEC, 'Customer', { populate });
  }

  async update(id: string, dto: UpdateCustomerDto, actor: AuthUser): Promise<Row> {
    const current = await this.access.requireAccess(actor, Permission.CustomerUpdate, id);
    if (dto.owner_id !== undefined && String(dto.owner_id) !== String(current.owner_id)) {
      if (!isSupervisor(actor)) throw forbidden('Only managers and admins reassign a customer to another owner');
      if (dto.owner_id) await this.assertOwner(dto.owner_id);
    }
    const set = definedFields(dto);
    // Edits are last-write-wins, so two may start from the same version: each is its own change,
    // keyed by its own id and confirmed by its own stamp. (Keyed by the version read, the second of
    // two racing edits found the first's key taken and had no event; after a crash the repair took
    // a dead edit's pending event as confirmed by a later edit and published fields never stored.)
    const stamp = new Date();
    const updated = await this.events.record(
      [
        {
          name: DomainEvent.CustomerUpdated,
          key: `customer.updated:${id}:${new Types.ObjectId().toHexString()}`,
          payload: { entity_id: id, actor_id: actor.id, changes: set, scope: { customer_id: id } },
          confirm: { collection: 'customers', filter: { _id: current._id, updated_at: stamp } },
        },
      ],
      () => this.customers.findOneAndUpdate({ _id: id }, { $set: { ...set, updated_at: stamp } }, { new: true, runValidators: true, timestamps: false }).lean(),
    );
    if (!updated) throw notFound('Customer');
    return this.findOne(id);
  }

  /** Soft delete: projects, cards and upsells keep pointing at the customer; restore brings it back. */
  async remove(id: string, actor: AuthUser): Promise<void> {
    const customerId = new Types.ObjectId(id);
    const result = await this.events.record(
      [
        {
          name: DomainEvent.CustomerDeleted,
          key: `customer.deleted:${id}:${Date.now()}`,
          payload: { entity_id: id, actor_id: actor.id, changes: { deleted_at: new Date() }, scope: { customer_id: id } },
          confirm: { collection: 'customers', filter: { _id: customerId, deleted_at: { $ne: null } } },
        },
      ],
      // Only a live customer's deletion is a change (deleting it again matches it but changes nothing).
      () => this.customers.updateOne({ _id: id, deleted_at: null }, { $set: { deleted_at: new Date(), deleted_by: new Types.ObjectId(actor.id) } }),
      (outcome) => outcome.modifiedCount > 0,
    );
    if (result.matchedCount === 0) throw notFound('Customer');
  }

  /** Idempotent: restoring a customer that is not deleted returns it unchanged. */
  async restore(id: string): Promise<Row> {
    const exists = await this.customers.exists({ _id: id }).setOptions({ withDeleted: true });
    if (!exists) throw notFound('Customer');
    await this.customers.updateOne({ _id: id, deleted_at: { $ne: null } }, { $set: { deleted_at: null, deleted_by: null } });
    return this.findOne(id);
  }

  /**
   * Step 1 of lead conversion: the customer keyed by `lead_id` (unique sparse index), created on
   * the first call and returned unchanged on every later one, so a retry never duplicates it.
   */
  async upsertFromLead(source: CustomerFromLead, actorId: string | null = null): Promise<{ customer: CustomerRecord; created: boolean }> {
    const { lead_id, ...fields } = source;
    // Timestamps by hand: Mongoose's would bump updated_at on every idempotent re-run.
    const onInsert = { ...fields, status: CustomerStatus.Active, created_at: new Date(), updated_at: new Date() };
    // The id is chosen here so the outbox event can name it before the write; an existing customer keeps its own.
    const id = new Types.ObjectId();
    const upsert = () =>
      this.customers
        .findOneAndUpdate({ lead_id }, { $setOnInsert: { _id: id, ...onInsert } }, { upsert: true, new: true, includeResultMetadata: true, timestamps: false })
        .setOptions({ withDeleted: true })
        .lean();
    const insertedHere = (outcome: ModifyResult<Customer>) => !outcome.lastErrorObject?.updatedExisting && String(outcome.value?._id) === id.toHexString();
    let result: ModifyResult<Customer>;
    try {
      result = await this.events.record([createdEntry(id, { ...onInsert, lead_id }, actorId)], async () => (await upsert()) as unknown as ModifyResult<Customer>, insertedHere);
    } catch (error) {
      // Two conversions raced: the unique index let one insert win; read what it inserted.
      if ((error as { code?: number }).code !== 11000) throw error;
      result = (await upsert()) as unknown as ModifyResult<Customer>;
    }
    // An upsert with `new: true` always returns the document.
    const customer = result.value as CustomerRecord;
    if (customer.deleted_at) {
      throw conflict(`The customer created from this lead (${customer._id.toHexString()}) was deleted; restore it with POST /customers/${customer._id.toHexString()}/restore, then convert again`);
    }
    return { customer, created: !result.lastErrorObject?.updatedExisting };
  }

  /** Name and address for an invoice, deleted customers included (an invoice outlives them). */
  async billingContact(customerId: Types.ObjectId): Promise<CustomerBillingContact | null> {
    return this.customers
      .findById(customerId, { name: 1, email: 1, company_name: 1, address: 1, owner_id: 1 })
      .setOptions({ withDeleted: true })
      .lean<CustomerBillingContact>();
  }

  private async assertOwner(ownerId: string): Promise<void> {
    if (!(await this.users.findActiveWithRole(ownerId, SALES_TEAM))) {
      throw fieldError('owner_id', 'must reference an active sales, manager or admin user');
    }
  }
}

function createdEntry(id: Types.ObjectId, fields: Record<string, unknown>, actorId: string | null): OutboxEntry {
  return {
    name: DomainEvent.CustomerCreated,
    payload: { entity_id: id.toHexString(), actor_id: actorId, changes: fields, scope: { customer_id: id.toHexString() } },
    confirm: { collection: 'customers', filter: { _id: id } },
  };
}
