import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { notFound } from '@app/common';
import { Project, RateOverride } from '../projects/project.schema';
import { ProjectService } from '../services/project-service.schema';

/** What invoicing needs to know about a project: who, what currency, what rates. */
export type ProjectBillingProfile = {
  _id: Types.ObjectId;
  name: string;
  customer_id: Types.ObjectId;
  /** The project manager. */
  user_id: Types.ObjectId;
  currency: string;
  hourly_rate: number | null;
  rate_overrides: RateOverride[];
};

/** A billed recurring period, as an invoice line source. */
export type BilledPeriodRecord = {
  period_start: Date;
  period_end: Date;
  /** Major units, as the recurring plan stores it. */
  amount: number;
  currency: string;
  invoice_id: Types.ObjectId | null;
};

type InvoiceClaimWindow = { from: Date; to: Date };

/**
 * The projects side of invoicing (libs/billing calls it; nobody else touches `projects` for
 * billing): the rates, the recurring periods an invoice claims, and amount_paid following invoice
 * payments. Every write is one conditional update, so a retry or a concurrent invoice never
 * claims a period twice or counts a payment twice.
 */
@Injectable()
export class ProjectInvoicingService {
  constructor(
    @InjectModel(Project.name) private readonly projects: Model<Project>,
    @InjectModel(ProjectService.name) private readonly services: Model<ProjectService>,
  ) {}

  async billingProfile(projectId: string | Types.ObjectId): Promise<ProjectBillingProfile> {
    const project = await this.projects
      .findById(projectId, { name: 1, customer_id: 1, user_id: 1, currency: 1, hourly_rate: 1, rate_overrides: 1 })
      .lean<Partial<ProjectBillingProfile> & Pick<ProjectBillingProfile, '_id' | 'name' | 'customer_id' | 'user_id' | 'currency'>>();
    if (!project) throw notFound('Project');
    return { ...project, hourly_rate: project.hourly_rate ?? null, rate_overrides: project.rate_overrides ?? [] };
  }

  /** Claims for `invoiceId` every billed period starting in [from, to) that no invoice holds yet. */
  async claimBilledPeriods(projectId: Types.ObjectId, window: InvoiceClaimWindow, invoiceId: Types.ObjectId): Promise<void> {
    const unclaimed = { invoice_id: null, period_start: { $gte: window.from, $lt: window.to } };
    await this.projects.updateOne(
      { _id: projectId, billing_history: { $elemMatch: unclaimed } },
      { $set: { 'billing_history.$[period].invoice_id': invoiceId } },
      { arrayFilters: [{ 'period.invoice_id': null, 'period.period_start': { $gte: window.from, $lt: window.to } }] },
    );
  }

  async periodsClaimedBy(projectId: Types.ObjectId, invoiceId: Types.ObjectId): Promise<BilledPeriodRecord[]> {
    const project = await this.projects.findById(projectId, { billing_history: 1 }).lean<{ billing_history: BilledPeriodRecord[] }>();
    return (project?.billing_history ?? []).filter((period) => period.invoice_id?.equals(invoiceId));
  }

  /** Periods the invoice in range would claim, read without claiming (a draft's currency check). */
  async unclaimedPeriodCurrencies(projectId: Types.ObjectId, window: InvoiceClaimWindow): Promise<string[]> {
    const project = await this.projects.findById(projectId, { billing_history: 1 }).lean<{ billing_history: BilledPeriodRecord[] }>();
    const open = (project?.billing_history ?? []).filter((p) => !p.invoice_id && p.period_start >= window.from && p.period_start < window.to);
    return [...new Set(open.map((p) => p.currency))];
  }

  /** Gives the invoice's periods back (a voided or deleted draft): idempotent. */
  async releasePeriods(projectId: Types.ObjectId, invoiceId: Types.ObjectId): Promise<void> {
    await this.projects.updateOne(
      { _id: projectId, 'billing_history.invoice_id': invoiceId },
      { $unset: { 'billing_history.$[period].invoice_id': 1 } },
      { arrayFilters: [{ 'period.invoice_id': invoiceId }] },
    );
  }

  /** Adds an invoice payment (major units) to amount_paid once: keyed by the payment id. */
  async applyInvoicePayment(projectId: Types.ObjectId, paymentId: Types.ObjectId, amount: number): Promise<void> {
    await this.projects.updateOne(
      { _id: projectId, invoice_payment_ids: { $ne: paymentId } },
      { $inc: { amount_paid: amount }, $push: { invoice_payment_ids: paymentId } },
    );
  }

  /** Names of the project's services, for invoice lines grouped by service. */
  async serviceNames(projectId: Types.ObjectId, serviceIds: Types.ObjectId[]): Promise<Map<string, string>> {
    if (!serviceIds.length) return new Map();
    const rows = await this.services.find({ _id: { $in: serviceIds }, project_id: projectId }, { name: 1 }).lean<{ _id: Types.ObjectId; name: string }[]>();
    return new Map(rows.map((row) => [row._id.toHexString(), row.name]));
  }

  /** True when the service belongs to the project (a task's service_id). */
  async isServiceOfProject(projectId: Types.ObjectId, serviceId: string): Promise<boolean> {
    return Types.ObjectId.isValid(serviceId) && !!(await this.services.exists({ _id: serviceId, project_id: projectId }));
  }
}
